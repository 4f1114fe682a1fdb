package dev.headcount.report.report;

import dev.headcount.report.report.ExperimentReport.CoherenceFinding;
import dev.headcount.report.report.ExperimentReport.CoherenceRow;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.PrunabilityFinding;
import dev.headcount.report.report.ExperimentReport.TaskValue;
import dev.headcount.report.report.ExperimentReport.TopKRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-made findings: a claim appears exactly where its interval decides it, "not resolved" (with the examples
 * that would decide it) where the interval includes no effect, and no claim at all without an interval; missing
 * numbers are named, not guessed.
 */
class SummaryWriterTest {
    private static List<String> summary(List<PrunabilityFinding> prunability, CoherenceFinding coherence,
                                        List<FineTuningRow> rows) {
        return SummaryWriter.paragraphs(prunability, coherence, FindingsBuilder.beforeAfter(rows), rows);
    }

    /** A pre-training/downstream pair with ρ, its interval, p and ceiling; top 10 % overlap with its interval. */
    private static CoherenceRow pair(String task, double rho, double low, double high, Double ceiling,
                                     double jaccard, double jaccardLow, double chance, Long toDecide) {
        return new CoherenceRow("sotu", task, rho, low, high, 0.004, 0.8, 0.7, ceiling, null, null,
                List.of(new TopKRow(0.1, 2, jaccard, chance, jaccardLow, jaccard + 0.1)), List.of(), List.of(),
                toDecide);
    }

    private static CoherenceFinding coherence(List<CoherenceRow> pairs) {
        List<TaskValue> perTask = pairs.stream().map(p -> new TaskValue(p.second(), p.spearman())).toList();
        return new CoherenceFinding("sotu", null, perTask, null, null, FindingsBuilder.meanTopK(pairs), List.of(),
                pairs);
    }

    private static PrunabilityFinding finding(String task, double own, double random, String verdict, double low,
                                              double high, Long toDecide) {
        return new PrunabilityFinding(task, "accuracy", own, random, 0.9, 5, null, null, verdict, low, high, 0.05,
                -0.01, 0.11, toDecide);
    }

    private static FineTuningRow row(String task, double prunedFirst, double finetunedFirst, double low, double high,
                                     String verdict, Long toDecide) {
        return new FineTuningRow(task, "accuracy", true, 0.5, 0.9, 0.8, finetunedFirst, prunedFirst,
                prunedFirst - finetunedFirst, low, high, 0.01, verdict, toDecide);
    }

    @Test
    void decidedIntervalsAreClaimed() {
        List<String> text = summary(List.of(finding("spam", 0.5, 0.1, "longer", 0.2, 0.6, null)),
                coherence(List.of(pair("spam", 0.6, 0.4, 0.75, 0.75, 0.5, 0.3, 0.05, null),
                        pair("ham", 0.5, 0.2, 0.7, 0.8, 0.4, 0.2, 0.05, null))),
                List.of(row("spam", 0.85, 0.7, 0.05, 0.25, "pruning-first-better", null)));
        assertEquals(3, text.size());
        assertTrue(text.get(0).contains("spam (accuracy, unpruned 0.9000): 50 % by its own importance, 10 % in random "
                + "order (mean of 5 seeds) — kept longer than random (difference +40 points, 95 % interval [+20, +60] "
                + "points)."), text.get(0));
        assertTrue(text.get(0).endsWith("kept the metric longer than random order on 1 of 1 task(s)."), text.get(0));
        assertTrue(text.get(1).contains("spam: ρ 0.600 [0.400, 0.750], p 0.004, ceiling 0.750 — the heads that matter "
                + "in pre-training tend to matter here too;"), text.get(1));
        assertTrue(text.get(1).contains("Coherent (whole interval above 0) on 2 of 2 task(s)."), text.get(1));
        assertTrue(text.get(1).contains("top 10 % 0.450 (0.050), above chance on 2 of 2"), text.get(1));
        assertTrue(text.get(2).contains("pruning first is better (+0.1500, 95 % interval [+0.0500, +0.2500]), and the "
                + "better order is 0.0500 worse than unpruned."), text.get(2));
        assertTrue(text.get(2).contains("Where the interval decides: pruning first better in 1 of 1 case(s), "
                + "fine-tuning first in 0, not resolved in 0."), text.get(2));
    }

    @Test
    void intervalsThatIncludeNoEffectSayNotResolvedAndHowManyExamplesWouldDecide() {
        List<String> text = summary(
                List.of(finding("spam", 0.5, 0.3, "not-decided", -0.1, 0.5, 1234L),
                        finding("ham", 0.3, 0.3, "grid-too-coarse", 0, 0, null)),
                coherence(List.of(pair("spam", 0.12, -0.1, 0.3, 0.4, 0.1, 0.0, 0.05, 2400L))),
                List.of(row("spam", 0.705, 0.7, -0.04, 0.05, "not-decided", 9000L)));
        String all = String.join(" ", text);
        assertTrue(text.get(0).contains("— not resolved (difference +20 points, 95 % interval [-10, +50] points); "
                + "about 1,234 dev examples would decide it."), text.get(0));
        assertTrue(text.get(0).contains("ham (accuracy, unpruned 0.9000): 30 % by its own importance, 30 % in random "
                + "order (mean of 5 seeds) — the grid cannot tell them apart"), text.get(0));
        assertTrue(text.get(0).contains("the mean retention over the grid by own importance is not resolved"), text.get(0));
        assertTrue(text.get(0).endsWith("on none of 2 task(s); not resolved on 1, the grid too coarse to decide on 1."),
                text.get(0));
        assertTrue(text.get(1).contains("spam: ρ 0.120 [-0.100, 0.300], p 0.004, ceiling 0.400 — not resolved (about "
                + "2,400 scoring examples per map would decide it)."), text.get(1));
        assertTrue(text.get(1).contains("Coherent (whole interval above 0) on none of 1 task(s); not resolved on 1."),
                text.get(1));
        assertTrue(text.get(1).contains("above chance on 0 of 1"), text.get(1));
        assertTrue(text.get(2).contains("not resolved (+0.0050, 95 % interval [-0.0400, +0.0500]; about 9,000 dev "
                + "examples would decide it)."), text.get(2));
        assertFalse(all.contains("kept longer than random"), all);
        assertFalse(all.contains("tend to matter here too"), all);
        assertFalse(all.contains("pruning first is better"), all);
    }

    @Test
    void withoutIntervalsNothingIsClaimed() {
        List<String> text = summary(
                List.of(new PrunabilityFinding("spam", "accuracy", 0.5, 0.1, 0.9, 3, null, null)),
                new CoherenceFinding("sotu", 0.7, List.of(new TaskValue("spam", 0.8), new TaskValue("ham", 0.6)),
                        null, null, List.of(new TopKRow(0.1, 2, 0.5, 0.05)), List.of()),
                List.of(new FineTuningRow("spam", "accuracy", true, 0.5, 0.9, 0.8, 0.7, 0.85, 0.15)));
        String all = String.join(" ", text);
        assertTrue(text.get(0).contains("10 % in random order (mean of 3 seeds) — no interval (the evaluations carry "
                + "no per-example predictions), so no claim."), text.get(0));
        assertTrue(text.get(1).contains("spam: ρ 0.800 (no interval: the maps carry no per-unit gradients, so no "
                + "claim)"), text.get(1));
        assertTrue(text.get(1).contains("Mean ρ 0.700 (point estimate only)."), text.get(1));
        assertTrue(text.get(2).contains("advantage of pruning first +0.1500 (no interval: no claim)"), text.get(2));
        assertFalse(all.contains("longer than random order on 1"), all);
        assertFalse(all.contains("pruning first is better"), all);
    }

    @Test
    void aLowerIsBetterMetricIsOrientedSoThatPositiveMeansPruningFirstDidBetter() {
        // a loss: pruning first's higher loss is worse, and the decided interval says fine-tuning first
        FineTuningRow loss = new FineTuningRow("spam", "mlm-loss", false, 0.5, 0.3, 0.4, 0.5, 0.6, 0.1, -0.15, -0.05,
                0.002, "fine-tuning-first-better", null);
        String text = SummaryWriter.beforeAfter(FindingsBuilder.beforeAfter(List.of(loss)), List.of(loss));
        assertTrue(text.contains("fine-tuning first is better (-0.1000, 95 % interval [-0.1500, -0.0500]), and the "
                + "better order is 0.2000 worse than unpruned."), text);
        assertTrue(text.contains("fine-tuning first in 1, not resolved in 0."), text);
        assertTrue(text.contains("mlm-loss -0.1000 over 1 case(s)"), text);
    }

    @Test
    void aConstantMapsMissingOverlapLeavesItsPairOutOfBothMeans() {
        // pair 1: Jaccard 0.5, chance 0.1; pair 2 has a constant map: no Jaccard, so its chance 0.3 is left out too
        CoherenceRow defined = new CoherenceRow("sotu", "spam", 0.5, null, null, null, null, null, null, 0.4, 0.3,
                List.of(new TopKRow(0.1, 2, 0.5, 0.1)), List.of(), List.of(), null);
        CoherenceRow constant = new CoherenceRow("sotu", "ham", null, null, null, null, null, null, null, null, null,
                List.of(new TopKRow(0.1, 2, null, 0.3)), List.of(), List.of(), null);
        List<TopKRow> means = FindingsBuilder.meanTopK(List.of(defined, constant));
        assertEquals(1, means.size());
        assertEquals(0.5, means.get(0).jaccard(), 1e-12);
        assertEquals(0.1, means.get(0).chanceJaccard(), 1e-12);
    }

    @Test
    void undefinedRhoIsNamed() {
        String text = SummaryWriter.coherence(new CoherenceFinding("sotu", 0.3, List.of(new TaskValue("spam", 0.4),
                new TaskValue("pairs", null)), null, null, List.of(), List.of()));
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
