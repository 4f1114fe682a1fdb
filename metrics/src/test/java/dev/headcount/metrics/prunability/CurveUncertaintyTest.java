package dev.headcount.metrics.prunability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.resampling.Bootstrap;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.Resampling;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CurveUncertaintyTest {
    private static final double[] GRID = {0, 0.25, 0.5};
    private static final int N = 300;

    /** Gold labels balanced at random; the model is right with probability {@code accuracy}. */
    private static ExamplePredictions.Classes model(int[] gold, double accuracy, SplittableRandom random) {
        int[] predicted = new int[gold.length];
        for (int i = 0; i < gold.length; i++) {
            predicted[i] = random.nextDouble() < accuracy ? gold[i] : 1 - gold[i];
        }
        return new ExamplePredictions.Classes(predicted, gold);
    }

    private static int[] gold(SplittableRandom random) {
        int[] gold = new int[N];
        for (int i = 0; i < N; i++) {
            gold[i] = i % 2; // exactly balanced: chance 0.5
        }
        return gold;
    }

    @Test
    void aPerfectCurveHasDegenerateIntervalsByHand() {
        int[] gold = {0, 1, 0, 1, 1, 0};
        ExamplePredictions.Classes perfect = new ExamplePredictions.Classes(gold, gold);
        CurveUncertainty u = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(List.of(perfect, perfect, perfect)),
                0.5, Resampling.DEFAULT);
        // every resample scores 1 everywhere: retention 1, relative area 1, kept beyond the grid at 0.5
        u.values().forEach(v -> assertEquals(new Interval(1, 1, 1, 0), v));
        u.retention().forEach(r -> assertEquals(new Interval(1, 1, 1, 0), r));
        assertEquals(new Interval(1, 1, 1, 0), u.relativeArea());
        assertEquals(new Interval(0.5, 0.5, 0.5, 0), u.largestFractionKept());
        assertTrue(u.prunability().keptBeyondGrid());
    }

    @Test
    void pointIntervalsAreThoseOfTheMetricAndTheRandomCurveIsTheSeedMean() {
        SplittableRandom random = new SplittableRandom(1);
        int[] gold = gold(random);
        ExamplePredictions.Classes unpruned = model(gold, 0.85, random);
        List<ExamplePredictions> seedA = List.of(unpruned, model(gold, 0.8, random), model(gold, 0.6, random));
        List<ExamplePredictions> seedB = List.of(unpruned, model(gold, 0.7, random), model(gold, 0.55, random));
        CurveUncertainty one = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(seedA), 0.5, Resampling.DEFAULT);
        Interval direct = Bootstrap.interval(N, e -> seedA.get(1).metric(Metric.ACCURACY, e), Resampling.DEFAULT);
        assertEquals(direct, one.values().get(1));
        CurveUncertainty both = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(seedA, seedB), 0.5,
                Resampling.DEFAULT);
        double mean = (seedA.get(2).metric(Metric.ACCURACY) + seedB.get(2).metric(Metric.ACCURACY)) / 2;
        assertEquals(mean, both.values().get(2).estimate(), 1e-12);
        assertEquals(Prunability.of(Metric.ACCURACY, GRID, new double[] {unpruned.metric(Metric.ACCURACY),
                (seedA.get(1).metric(Metric.ACCURACY) + seedB.get(1).metric(Metric.ACCURACY)) / 2, mean}, 0.5),
                both.prunability());
    }

    @Test
    void aClearlyBetterRankingKeepsLongerAndAnIdenticalOneIsTooCloseForTheGrid() {
        SplittableRandom random = new SplittableRandom(2);
        int[] gold = gold(random);
        ExamplePredictions.Classes unpruned = model(gold, 0.9, random);
        // own ranking: 0.9 at 25 %, 0.88 at 50 %; random: 0.6 then 0.5 (chance)
        CurveUncertainty own = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(List.of(unpruned,
                model(gold, 0.9, random), model(gold, 0.88, random))), 0.5, Resampling.DEFAULT);
        CurveUncertainty randomOrder = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(List.of(unpruned,
                model(gold, 0.6, random), model(gold, 0.5, random))), 0.5, Resampling.DEFAULT);
        PrunabilityComparison comparison = own.compare(randomOrder);
        assertEquals(PrunabilityComparison.Verdict.LONGER, comparison.verdict(), comparison.toString());
        assertTrue(comparison.relativeAreaDifference().above(0.3), comparison.toString());
        PrunabilityComparison self = own.compare(own);
        assertEquals(PrunabilityComparison.Verdict.GRID_TOO_COARSE, self.verdict());
        assertEquals(new Interval(0, 0, 0, 0), self.relativeAreaDifference());
    }

    @Test
    void theOtherVerdicts() {
        // 200 balanced examples, chance 0.5: unpruned right on 180 (0.9). At 50 % one ranking loses 9 more examples
        // (0.855: retention 0.8875, dropped), the other 7 (0.865: retention 0.9125, kept): different grid steps, but
        // 2 examples apart, which the resamples cannot tell apart
        int[] gold = new int[200];
        for (int i = 0; i < 200; i++) {
            gold[i] = i % 2;
        }
        ExamplePredictions.Classes unpruned = wrongOn(gold, 20);
        CurveUncertainty nine = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(List.of(unpruned, unpruned,
                wrongOn(gold, 29))), 0.5, Resampling.DEFAULT);
        CurveUncertainty seven = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(List.of(unpruned, unpruned,
                wrongOn(gold, 27))), 0.5, Resampling.DEFAULT);
        assertEquals(0.25, nine.prunability().largestFractionKept(), 0.0);
        assertEquals(0.5, seven.prunability().largestFractionKept(), 0.0);
        PrunabilityComparison close = nine.compare(seven);
        assertEquals(PrunabilityComparison.Verdict.NOT_DECIDED, close.verdict(), close.toString());
        assertEquals(-0.25, close.largestFractionKeptDifference().estimate(), 0.0);
        // a ranking at chance after pruning against one that keeps everything: shorter
        CurveUncertainty collapsed = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(List.of(unpruned,
                wrongOn(gold, 100), wrongOn(gold, 100))), 0.5, Resampling.DEFAULT);
        assertEquals(PrunabilityComparison.Verdict.SHORTER, collapsed.compare(seven).verdict());
        // an unpruned model at chance has nothing to keep
        ExamplePredictions.Classes atChance = wrongOn(gold, 100);
        CurveUncertainty undefined = CurveUncertainty.of(Metric.ACCURACY, GRID, List.of(List.of(atChance, atChance,
                atChance)), 0.5, Resampling.DEFAULT);
        assertEquals(PrunabilityComparison.Verdict.UNDEFINED, undefined.compare(seven).verdict());
    }

    /** Right on every example but the first {@code wrong}. */
    private static ExamplePredictions.Classes wrongOn(int[] gold, int wrong) {
        int[] predicted = gold.clone();
        for (int i = 0; i < wrong; i++) {
            predicted[i] = 1 - gold[i];
        }
        return new ExamplePredictions.Classes(predicted, gold);
    }

    @Test
    void predictionsMustCoverTheGridOnTheSameExamples() {
        int[] gold = {0, 1, 0, 1};
        ExamplePredictions.Classes four = new ExamplePredictions.Classes(gold, gold);
        ExamplePredictions.Classes two = new ExamplePredictions.Classes(new int[] {0, 1}, new int[] {0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CurveUncertainty.of(
                Metric.ACCURACY, GRID, List.of(List.of(four, four, two)), 0.5, Resampling.DEFAULT));
        assertEquals("seed 0 at fraction 0.5 has 2 examples, the unpruned model 4: every point must be evaluated "
                + "on the same dev examples", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CurveUncertainty.of(Metric.ACCURACY, GRID,
                List.of(List.of(four, four)), 0.5, Resampling.DEFAULT));
        assertEquals("seed 0 has predictions at 2 fractions, the grid has 3", e.getMessage());
    }
}
