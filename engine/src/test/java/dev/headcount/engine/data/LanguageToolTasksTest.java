package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageToolTasksTest {
    private static List<LanguageToolExample> ruleExamples;
    private final LanguageToolTasks tasks = new LanguageToolTasks();

    @BeforeAll
    static void readRules() throws IOException {
        ruleExamples = new LanguageToolTasks().readRuleExamples();
    }

    @Test
    void readsExamplesMarkersCorrectionsAndRuleGroups() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE rules [ <!ENTITY verbs "go|went"> ]>
                <rules>
                  <category id="GRAMMAR" name="Grammar">
                    <rulegroup id="GROUP_A">
                      <rule>
                        <pattern><token>&verbs;</token></pattern>
                        <example correction="were|are">They <marker>was</marker> here.</example>
                        <example>They were here.</example>
                      </rule>
                      <rule>
                        <example type="incorrect">He <marker>go</marker> home.</example>
                        <example type="triggers_error">A known false alarm here.</example>
                      </rule>
                    </rulegroup>
                    <rule id="SOLO">
                      <example>It works fine.</example>
                    </rule>
                  </category>
                </rules>
                """;
        List<LanguageToolExample> examples = new LanguageToolRuleReader()
                .read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "inline.xml");
        assertEquals(List.of(
                new LanguageToolExample("GROUP_A", "GRAMMAR", "They was here.", true, "They were here."),
                new LanguageToolExample("GROUP_A", "GRAMMAR", "They were here.", false, null),
                new LanguageToolExample("GROUP_A", "GRAMMAR", "He go home.", true, null),
                new LanguageToolExample("SOLO", "GRAMMAR", "It works fine.", false, null)), examples);
    }

    @Test
    void malformedXmlNamesSourceAndLine() {
        DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
                () -> new LanguageToolRuleReader().read(new ByteArrayInputStream("<rules>\n<rule>\n</rules>".getBytes(StandardCharsets.UTF_8)), "bad.xml"));
        assertTrue(e.getMessage().startsWith("bad.xml: line 3"), e.getMessage());
    }

    @Test
    void sentenceShape() {
        assertTrue(SentenceShape.isSentence("He go home."));
        assertTrue(SentenceShape.isSentence("\"Is it yours?\""));
        assertFalse(SentenceShape.isSentence("go home."));
        assertFalse(SentenceShape.isSentence("a lot of"));
        assertFalse(SentenceShape.isSentence("... and then it ended."));
    }

    @Test
    void acceptabilityHasExpectedSizeBothLabelsAndNoRuleStraddlesTheSplit() {
        List<LanguageToolTasks.RuleExample> examples = tasks.acceptabilityExamples(ruleExamples);
        Map<Integer, Long> byLabel = examples.stream().collect(Collectors.groupingBy(r -> r.example().label(), Collectors.counting()));
        System.out.println("lt-acceptability: " + examples.size() + " sentences, by label " + byLabel);
        assertTrue(byLabel.get(0) > 4_000 && byLabel.get(0) < 12_000, "unacceptable: " + byLabel.get(0));
        assertTrue(byLabel.get(1) > 6_000 && byLabel.get(1) < 15_000, "acceptable: " + byLabel.get(1));
        assertEquals(examples.size(), examples.stream().map(r -> r.example().textA()).distinct().count(), "deduplicated");

        Sampling.GroupSplit<LanguageToolTasks.RuleExample> split = LanguageToolTasks.splitByRule(examples, 7);
        Set<String> trainRules = split.train().stream().map(LanguageToolTasks.RuleExample::ruleId).collect(Collectors.toSet());
        Set<String> devRules = split.dev().stream().map(LanguageToolTasks.RuleExample::ruleId).collect(Collectors.toSet());
        assertTrue(disjoint(trainRules, devRules), "a rule's examples are on both sides");
        double devShare = (double) split.dev().size() / examples.size();
        System.out.println("lt-acceptability split: train " + split.train().size() + ", dev " + split.dev().size()
                + " (" + devRules.size() + " dev rules of " + (devRules.size() + trainRules.size()) + ")");
        assertTrue(devShare >= 0.19 && devShare < 0.25, "dev share " + devShare);
    }

    @Test
    void minimalPairsAreCorrectionsInSeededOrder() {
        List<LanguageToolTasks.RuleExample> pairs = tasks.minimalPairExamples(ruleExamples, 1);
        Map<Integer, Long> byLabel = pairs.stream().collect(Collectors.groupingBy(r -> r.example().label(), Collectors.counting()));
        System.out.println("lt-minimal-pairs: " + pairs.size() + " pairs, by label " + byLabel);
        assertTrue(pairs.size() > 3_000 && pairs.size() < 10_000, "pairs: " + pairs.size());
        assertTrue(byLabel.get(0) > pairs.size() * 0.45 && byLabel.get(1) > pairs.size() * 0.45, "order is balanced: " + byLabel);
        for (LanguageToolTasks.RuleExample pair : pairs) {
            assertNotEquals(pair.example().textA(), pair.example().textB());
        }
        assertEquals(pairs, tasks.minimalPairExamples(ruleExamples, 1), "same seed, same pairs");
        assertNotEquals(pairs, tasks.minimalPairExamples(ruleExamples, 2), "another seed, another order");
    }

    @Test
    void loadedTasksAreDeterministicAndCapped() throws IOException {
        LoadOptions options = new LoadOptions(3_000, 1_000, 5);
        Task first = tasks.acceptability(options);
        Task again = tasks.acceptability(options);
        assertEquals(first, again);
        assertEquals(3_000, first.train().size());
        assertEquals(1_000, first.dev().size());
        assertEquals(Set.of(0, 1), LanguageToolTasks.labelCounts(first.dev()).keySet());
        Task pairs = tasks.minimalPairs(options);
        assertEquals(Set.of(0, 1), LanguageToolTasks.labelCounts(pairs.train()).keySet());
        assertEquals(TaskKind.SENTENCE_PAIR_CLASSIFICATION, pairs.spec().kind());
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both.isEmpty();
    }
}
