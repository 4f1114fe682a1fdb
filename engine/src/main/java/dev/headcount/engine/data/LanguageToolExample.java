package dev.headcount.engine.data;

/**
 * One {@code <example>} of a LanguageTool rule: the sentence without markup, whether the rule
 * flags it, and for flagged ones the sentence with the marked span replaced by the first suggested
 * correction (null when the example gives no correction).
 */
public record LanguageToolExample(String ruleId, String category, String sentence, boolean incorrect, String corrected) {
}
