package dev.headcount.report.report;

import dev.headcount.report.report.ExperimentReport.BeforeAfterFinding;
import dev.headcount.report.report.ExperimentReport.CoherenceFinding;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.PrunabilityFinding;
import dev.headcount.report.report.ExperimentReport.TaskValue;
import dev.headcount.report.report.ExperimentReport.TopKRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two hand-made studies with opposite results must read opposite; missing numbers are named, not guessed. */
class SummaryWriterTest {
    private static List<String> summary(List<PrunabilityFinding> prunability, CoherenceFinding coherence,
                                        List<FineTuningRow> rows) {
        return SummaryWriter.paragraphs(prunability, coherence, FindingsBuilder.beforeAfter(rows), rows);
    }

    private static CoherenceFinding coherence(double spam, double ham, double jaccard, double chance) {
        TaskValue s = new TaskValue("spam", spam);
        TaskValue h = new TaskValue("ham", ham);
        return new CoherenceFinding("sotu", (spam + ham) / 2, List.of(s, h), spam < ham ? s : h, spam < ham ? h : s,
                List.of(new TopKRow(0.1, 2, jaccard, chance), new TopKRow(0.5, 6, jaccard + 0.3, chance + 0.3)),
                List.of());
    }

    @Test
    void importanceHelpsCoherentAndPruningFirstWins() {
        List<String> text = summary(
                List.of(new PrunabilityFinding("spam", "accuracy", 0.5, 0.1, 0.9, 3, null, null)),
                coherence(0.8, 0.6, 0.5, 0.05),
                List.of(new FineTuningRow("spam", "accuracy", true, 0.5, 0.9, 0.8, 0.7, 0.85, 0.15)));
        assertEquals(3, text.size());
        assertEquals("**Prunability.** The largest fraction of heads pruned that keeps ≥ 90 % of the unpruned model's "
                + "margin over chance (at every step of the grid up to it): spam (accuracy, unpruned 0.9000): 50 % by its own importance, 10 % in "
                + "random order (mean of 3 seeds) — 40 percentage points more than random. Pruning by a task's own "
                + "importance kept the metric longer than random order on 1 of 1 task(s).", text.get(0));
        assertTrue(text.get(1).startsWith("**Coherence.** Spearman ρ between the pre-training importance map (sotu) "
                + "and the downstream maps: mean 0.700 over 2 tasks (lowest 0.600 for ham, highest 0.800 for spam) "
                + "— the heads that matter in pre-training tend to matter downstream as well."), text.get(1));
        assertTrue(text.get(1).contains("0.500 (0.050) in the top 10 %, 0.800 (0.350) in the top 50 %: above chance "
                + "at every k."), text.get(1));
        assertTrue(text.get(2).contains("spam (accuracy ↑), 50 % of heads: pruned then fine-tuned 0.8500, fine-tuned "
                + "then pruned 0.7000, unpruned fine-tuned 0.9000 — pruning first is better by 0.1500, and the better "
                + "order is 0.0500 worse than unpruned."), text.get(2));
        assertTrue(text.get(2).endsWith("Overall pruning first did better in 1 of 1 case(s), fine-tuning first in 0 "
                + "(mean advantage of pruning first, per metric: accuracy +0.1500 over 1 case(s))."), text.get(2));
    }

    @Test
    void importanceNoBetterThanChanceIncoherentAndFineTuningFirstWins() {
        List<String> text = summary(
                List.of(new PrunabilityFinding("spam", "accuracy", 0.1, 0.3, 0.9, 3, null, null),
                        new PrunabilityFinding("ham", "mcc", 0.25, 0.25, 0.4, 3, null, null)),
                coherence(-0.6, -0.4, 0.0, 0.05),
                // a loss: lower is better, so pruning first's higher loss is worse
                List.of(new FineTuningRow("spam", "mlm-loss", false, 0.5, 0.3, 0.4, 0.5, 0.6, 0.1)));
        assertTrue(text.get(0).contains("spam (accuracy, unpruned 0.9000): 10 % by its own importance, 30 % in random "
                + "order (mean of 3 seeds) — 20 percentage points less than random."), text.get(0));
        assertTrue(text.get(0).contains("ham (mcc, unpruned 0.4000): 25 % by its own importance, 25 % in random "
                + "order (mean of 3 seeds) — the grid cannot tell them apart (both drop within the same step, or "
                + "neither drops)."), text.get(0));
        assertTrue(text.get(0).endsWith("kept the metric longer than random order on none of 2 task(s); the grid was "
                + "too coarse to decide on 1."), text.get(0));
        assertTrue(text.get(1).contains("mean -0.500 over 2 tasks (lowest -0.600 for spam, highest -0.400 for ham) "
                + "— the heads that matter in pre-training tend to matter less downstream."), text.get(1));
        assertTrue(text.get(1).contains("at or below chance at every k."), text.get(1));
        assertTrue(text.get(2).contains("pruned then fine-tuned 0.6000, fine-tuned then pruned 0.5000, unpruned "
                + "fine-tuned 0.3000 — fine-tuning first is better by 0.1000, and the better order is 0.2000 worse "
                + "than unpruned."), text.get(2));
        assertTrue(text.get(2).contains("pruning first did better in 0 of 1 case(s), fine-tuning first in 1 (mean "
                + "advantage of pruning first, per metric: mlm-loss -0.1000 over 1 case(s))."), text.get(2));
        assertFalse(String.join(" ", text).contains("percentage points more than random"));
    }

    @Test
    void aConstantMapsMissingOverlapLeavesItsPairOutOfBothMeans() {
        // pair 1: Jaccard 0.5, chance 0.1; pair 2 has a constant map: no Jaccard, so its chance 0.3 is left out too
        ExperimentReport.CoherenceRow defined = new ExperimentReport.CoherenceRow("sotu", "spam", 0.5, 0.4, 0.3,
                List.of(new TopKRow(0.1, 2, 0.5, 0.1)), List.of(), List.of());
        ExperimentReport.CoherenceRow constant = new ExperimentReport.CoherenceRow("sotu", "ham", null, null, null,
                List.of(new TopKRow(0.1, 2, null, 0.3)), List.of(), List.of());
        List<TopKRow> means = FindingsBuilder.meanTopK(List.of(defined, constant));
        assertEquals(1, means.size());
        assertEquals(0.5, means.get(0).jaccard(), 1e-12);
        assertEquals(0.1, means.get(0).chanceJaccard(), 1e-12);
    }

    @Test
    void unrelatedMaps() {
        String text = SummaryWriter.coherence(coherence(0.05, -0.03, 0.2, 0.1));
        assertTrue(text.contains("mean 0.010"), text);
        assertTrue(text.contains("pre-training and downstream importance are about unrelated (|ρ| < 0.1)"), text);
        assertTrue(text.contains("above chance at every k"), text);
    }

    @Test
    void theMeanCountsOnlyTasksWhoseRhoIsDefined() {
        TaskValue spam = new TaskValue("spam", 0.4);
        TaskValue ham = new TaskValue("ham", 0.2);
        TaskValue pairs = new TaskValue("pairs", null);
        String text = SummaryWriter.coherence(new CoherenceFinding("sotu", 0.3, List.of(spam, pairs, ham), ham, spam,
                List.of(new TopKRow(0.1, 2, 0.3, 0.1)), List.of()));
        assertTrue(text.contains("mean 0.300 over 2 tasks (lowest 0.200 for ham, highest 0.400 for spam)"), text);
        assertTrue(text.contains("undefined for pairs (a constant importance map"), text);
    }

    @Test
    void missingNumbersAreNamed() {
        List<String> text = summary(
                List.of(new PrunabilityFinding("sotu", "mlm-accuracy", 0.25, null, 0.6, 0, null,
                                FindingsBuilder.NO_RANDOM),
                        new PrunabilityFinding("spam", "accuracy", null, 0.2, 0.9, 2, FindingsBuilder.NOT_COMPLETE, null)),
                new CoherenceFinding("sotu", null, List.of(new TaskValue("spam", null)), null, null, List.of(),
                        List.of("ham")),
                List.of(new FineTuningRow("spam", "accuracy", true, 0.5, 0.9, null, null, 0.85, null)));
        assertTrue(text.get(0).contains("sotu (mlm-accuracy, unpruned 0.6000): 25 % by its own importance, in random "
                + "order not available (no random ranking requested)."), text.get(0));
        assertTrue(text.get(0).contains("spam (accuracy, unpruned 0.9000): by its own importance not available (curve "
                + "not complete yet), 20 % in random order (mean of 2 seeds)."), text.get(0));
        assertFalse(text.get(0).contains("Pruning by a task's own importance"), text.get(0));
        assertTrue(text.get(1).contains("undefined for every task"), text.get(1));
        assertTrue(text.get(1).contains("Not in yet: the importance map of ham."), text.get(1));
        assertTrue(text.get(2).contains("pruned then fine-tuned 0.8500, unpruned fine-tuned 0.9000; fine-tuned then "
                + "pruned not in yet."), text.get(2));
        assertTrue(text.get(2).endsWith("No case has both orders in yet."), text.get(2));

        List<String> nothing = summary(List.of(new PrunabilityFinding("spam", null, null, null, null, 0,
                        FindingsBuilder.NOT_COMPLETE, FindingsBuilder.NOT_COMPLETE)),
                new CoherenceFinding("sotu", null, List.of(), null, null, List.of(), List.of("sotu", "spam")),
                List.of());
        assertEquals(List.of("**Prunability.** No complete pruning curve yet.",
                "**Coherence.** Not available yet: no importance map of sotu, spam yet.",
                "**Before vs after fine-tuning.** No fine-tuned results yet."), nothing);
    }
}
