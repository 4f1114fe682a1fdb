package dev.headcount.engine.data;

import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The built-in acceptability tasks made from LanguageTool's English rule examples
 * ({@code org.languagetool:language-en}, LGPL-2.1), read from the classpath.
 *
 * <p>Kept categories are those about acceptability of the sentence itself: grammar, commonly
 * confused words, collocations, semantics, nonstandard phrases, redundancy. Dropped: casing,
 * typography, punctuation, typos, compounding, proper nouns, style and regional spelling, which
 * are about the written form or taste rather than whether the sentence is acceptable English.
 */
public final class LanguageToolTasks {
    public static final String ACCEPTABILITY = "builtin/lt-acceptability";
    public static final String MINIMAL_PAIRS = "builtin/lt-minimal-pairs";
    public static final String LICENCE = "LGPL-2.1 (LanguageTool rule files, org.languagetool:language-en:6.8)";
    static final List<String> RULE_FILES = List.of("org/languagetool/rules/en/grammar.xml", "org/languagetool/rules/en/style.xml");
    static final Set<String> KEPT_CATEGORIES = Set.of(
            "GRAMMAR", "CONFUSED_WORDS", "COLLOCATIONS", "SEMANTICS", "NONSTANDARD_PHRASES", "REDUNDANCY");
    static final double DEV_FRACTION = 0.2;

    /** An example with the rule it came from, so that splits can keep a rule on one side. */
    public record RuleExample(String ruleId, Example example) {
    }

    public static TaskSpec acceptabilitySpec() {
        return new TaskSpec(ACCEPTABILITY, TaskKind.SINGLE_SENTENCE_CLASSIFICATION, List.of("unacceptable", "acceptable"),
                List.of(Metric.MATTHEWS_CORRELATION, Metric.ACCURACY), 64,
                "CoLA-like acceptability: LanguageTool English rule examples, flagged (0) or accepted (1)", LICENCE);
    }

    public static TaskSpec minimalPairsSpec() {
        return new TaskSpec(MINIMAL_PAIRS, TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("first", "second"),
                List.of(Metric.ACCURACY), 128,
                "which of two sentences is acceptable: a LanguageTool-flagged sentence and its correction, in random order", LICENCE);
    }

    public List<LanguageToolExample> readRuleExamples() throws IOException {
        List<LanguageToolExample> all = new ArrayList<>();
        LanguageToolRuleReader reader = new LanguageToolRuleReader();
        for (String resource : RULE_FILES) {
            try (InputStream in = LanguageToolTasks.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException(resource + " is not on the classpath; the engine needs org.languagetool:language-en:6.8");
                }
                all.addAll(reader.read(in, resource));
            }
        }
        return all;
    }

    /** Deduplicated sentences of the kept categories; sentences flagged by one rule and accepted by another are dropped. */
    public List<RuleExample> acceptabilityExamples(List<LanguageToolExample> examples) {
        Map<String, RuleExample> bySentence = new LinkedHashMap<>();
        Set<String> contradictory = new HashSet<>();
        for (LanguageToolExample ex : examples) {
            if (!KEPT_CATEGORIES.contains(ex.category()) || !SentenceShape.isSentence(ex.sentence())) continue;
            int label = ex.incorrect() ? 0 : 1;
            RuleExample earlier = bySentence.get(ex.sentence());
            if (earlier == null) {
                bySentence.put(ex.sentence(), new RuleExample(ex.ruleId(), Example.single(ex.sentence(), label)));
            } else if (earlier.example().label() != label) {
                contradictory.add(ex.sentence());
            }
        }
        contradictory.forEach(bySentence::remove);
        return new ArrayList<>(bySentence.values());
    }

    /** (flagged, corrected) pairs in a seeded order; label 0 when the first is the acceptable one. */
    public List<RuleExample> minimalPairExamples(List<LanguageToolExample> examples, long seed) {
        Random order = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<RuleExample> pairs = new ArrayList<>();
        for (LanguageToolExample ex : examples) {
            if (!KEPT_CATEGORIES.contains(ex.category()) || !ex.incorrect() || ex.corrected() == null) continue;
            if (!SentenceShape.isSentence(ex.sentence()) || !SentenceShape.isSentence(ex.corrected())) continue;
            if (ex.corrected().equals(ex.sentence()) || !seen.add(ex.sentence() + "\n" + ex.corrected())) continue;
            boolean correctedFirst = order.nextBoolean();
            Example pair = correctedFirst
                    ? Example.pair(ex.corrected(), ex.sentence(), 0)
                    : Example.pair(ex.sentence(), ex.corrected(), 1);
            pairs.add(new RuleExample(ex.ruleId(), pair));
        }
        return pairs;
    }

    public static Sampling.GroupSplit<RuleExample> splitByRule(List<RuleExample> examples, long seed) {
        return Sampling.byGroup(examples, RuleExample::ruleId, DEV_FRACTION, seed);
    }

    public Task acceptability(LoadOptions options) throws IOException {
        return toTask(acceptabilitySpec(), splitByRule(acceptabilityExamples(readRuleExamples()), options.seed()), options);
    }

    public Task minimalPairs(LoadOptions options) throws IOException {
        return toTask(minimalPairsSpec(), splitByRule(minimalPairExamples(readRuleExamples(), options.seed()), options.seed()), options);
    }

    private static Task toTask(TaskSpec spec, Sampling.GroupSplit<RuleExample> split, LoadOptions options) {
        // shuffle so that a capped or batched train split is not ordered by rule
        List<Example> train = Sampling.shuffled(split.train().stream().map(RuleExample::example).toList(), options.seed());
        List<Example> dev = split.dev().stream().map(RuleExample::example).toList();
        return Task.of(spec, Sampling.cap(train, options.maxTrain(), options.seed()), Sampling.cap(dev, options.maxDev(), options.seed()));
    }

    /** Per-label counts, used by the command line and the tests. */
    public static Map<Integer, Integer> labelCounts(List<Example> examples) {
        Map<Integer, Integer> counts = new HashMap<>();
        examples.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
        return counts;
    }
}
