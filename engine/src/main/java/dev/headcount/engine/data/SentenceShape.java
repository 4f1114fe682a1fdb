package dev.headcount.engine.data;

/**
 * Whether a rule example is a whole sentence rather than a fragment: at least three words, starts
 * with a letter, digit or opening quote, ends with sentence punctuation (optionally followed by a
 * closing quote or bracket).
 */
final class SentenceShape {
    private static final int MIN_WORDS = 3;

    private SentenceShape() {
    }

    static boolean isSentence(String text) {
        String s = text.strip();
        if (s.isEmpty() || PretrainingExamples.words(s) < MIN_WORDS) return false;
        char first = s.charAt(0);
        boolean goodStart = Character.isLetterOrDigit(first) || "\"'“‘".indexOf(first) >= 0;
        int end = s.length() - 1;
        while (end > 0 && "\"'”’)]".indexOf(s.charAt(end)) >= 0) end--;
        return goodStart && ".!?…".indexOf(s.charAt(end)) >= 0;
    }
}
