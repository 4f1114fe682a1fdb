package dev.headcount.metrics.prunability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunabilityTest {
    private static final double[] FRACTIONS = {0, 0.1, 0.2, 0.3, 0.5};
    private static final double[] ACCURACY = {0.80, 0.80, 0.76, 0.70, 0.40};
    private static final double UNKNOWN = Double.NaN;

    @Test
    void accuracyCurveAboveAKnownChanceLevelByHand() {
        // balanced task, chance 0.5: margin 0.3; retention (v − 0.5) / 0.3 = 1, 1, 13/15, 2/3, −1/3
        Prunability p = Prunability.of(PruningCurve.of(Metric.ACCURACY, FRACTIONS, ACCURACY), 0.5);
        List<Double> expected = List.of(1.0, 1.0, 13.0 / 15, 2.0 / 3, -1.0 / 3);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), p.retention().get(i), 1e-12);
        }
        // 0.76 keeps 87 % of the margin: the drop is between 0.1 and 0.2 (the share of the unpruned metric,
        // 0.76 / 0.8 = 95 %, would have kept it)
        assertEquals(0.1, p.largestFractionKept(), 0.0);
        assertEquals(0.2, p.droppedAt(), 0.0);
        // area: 0.1 · 1 + 0.1 · (1 + 13/15)/2 + 0.1 · (13/15 + 2/3)/2 + 0.2 · (2/3 − 1/3)/2 = 91/300, over the span 0.5
        assertEquals(91.0 / 150, p.relativeArea(), 1e-12);
        // 0.1·(0.80+0.80)/2 + 0.1·(0.80+0.76)/2 + 0.1·(0.76+0.70)/2 + 0.2·(0.70+0.40)/2 = 0.341
        assertEquals(0.341, p.rawArea(), 1e-12);
        assertTrue(p.chanceNote().isEmpty() && p.relativeUndefinedReason().isEmpty());
        assertFalse(p.keptBeyondGrid());
    }

    @Test
    void unknownChanceFallsBackToTheShareOfTheUnprunedMetric() {
        Prunability p = Prunability.of(PruningCurve.of(Metric.ACCURACY, FRACTIONS, ACCURACY), UNKNOWN);
        // 0.80 / 0.80, 0.76 / 0.80, 0.70 / 0.80, 0.40 / 0.80
        List<Double> expected = List.of(1.0, 1.0, 0.95, 0.875, 0.5);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), p.retention().get(i), 1e-12);
        }
        // trapezoid over the shares 0.42625 (= 0.341 / 0.8), divided by the span 0.5: before the span was
        // left in, so an unharmed model scored 0.5 on this grid instead of 1
        assertEquals(0.8525, p.relativeArea(), 1e-12);
        assertEquals(0.2, p.largestFractionKept(), 0.0); // 0.76 ≥ 0.72 at 0.2 but 0.70 < 0.72 at 0.3
        assertEquals("chance level of accuracy not known here: retention is the share of the unpruned metric",
                p.chanceNote().orElseThrow());
    }

    @Test
    void anUnharmedModelHasRelativeAreaOneOnAnyGrid() {
        for (double[] grid : new double[][] {{0, 0.5}, {0, 0.1, 0.2, 0.9}}) {
            double[] flat = new double[grid.length];
            java.util.Arrays.fill(flat, 0.7);
            assertEquals(1.0, Prunability.of(PruningCurve.of(Metric.ACCURACY, grid, flat), 0.5).relativeArea(), 1e-12);
        }
    }

    @Test
    void exactlyNinetyPercentCountsWhateverTheRounding() {
        Prunability share = Prunability.of(PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.5},
                new double[] {0.5, 0.45}), UNKNOWN);
        assertEquals(0.5, share.largestFractionKept(), 0.0);
        // (0.77 − 0.5) / (0.8 − 0.5) is 0.9 exactly but 0.8999999999999999 in floating point
        assertTrue((0.77 - 0.5) / (0.8 - 0.5) < 0.9);
        Prunability margin = Prunability.of(PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.5},
                new double[] {0.8, 0.77}), 0.5);
        assertEquals(0.5, margin.largestFractionKept(), 0.0);
        assertTrue(margin.keptBeyondGrid());
        assertEquals(Double.NaN, margin.droppedAt());
    }

    @Test
    void aRecoveryAfterADropDoesNotCount() {
        // 0.70 < 0.72 at 0.1 stops the count even though 0.79 at 0.2 would pass again
        Prunability p = Prunability.of(PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.1, 0.2},
                new double[] {0.8, 0.7, 0.79}), UNKNOWN);
        assertEquals(0.0, p.largestFractionKept(), 0.0);
        assertEquals(0.1, p.droppedAt(), 0.0);
    }

    @Test
    void lowerIsBetterWithAndWithoutAChanceLevel() {
        // perplexity 10 unpruned, chance unknown: retention 10 / value, kept while ≥ 0.9 (value ≤ 11.11):
        // 11.1 passes at 0.2, 11.2 fails at 0.3
        Prunability share = Prunability.of(PruningCurve.of(Metric.PERPLEXITY, new double[] {0, 0.1, 0.2, 0.3},
                new double[] {10, 10.5, 11.1, 11.2}), UNKNOWN);
        assertEquals(0.2, share.largestFractionKept(), 0.0);
        assertEquals(10 / 11.2, share.retention().get(3), 1e-12);
        double area = 0.1 * ((1 + 10 / 10.5) / 2 + (10 / 10.5 + 10 / 11.1) / 2 + (10 / 11.1 + 10 / 11.2) / 2);
        assertEquals(area / 0.3, share.relativeArea(), 1e-12);
        // masked-LM loss 2 against a chance loss of 10: margin 8; 2.5 keeps 7.5/8, 3 keeps 7/8 = 0.875
        Prunability margin = Prunability.of(PruningCurve.of(Metric.MLM_LOSS, new double[] {0, 0.1, 0.2},
                new double[] {2, 2.5, 3}), 10);
        assertEquals(0.9375, margin.retention().get(1), 1e-12);
        assertEquals(0.1, margin.largestFractionKept(), 0.0);
    }

    @Test
    void scoresBelowChanceAreNeverKept() {
        // MCC 0.4 unpruned, chance 0: −0.1 is below chance, retention −0.25
        Prunability p = Prunability.of(PruningCurve.of(Metric.MATTHEWS_CORRELATION, new double[] {0, 0.1, 0.2},
                new double[] {0.4, 0.38, -0.1}), 0);
        assertEquals(-0.25, p.retention().get(2), 1e-12);
        assertEquals(0.1, p.largestFractionKept(), 0.0);
        // accuracy on a task with 70 % majority: a model at 0.72 has little margin; 0.69 is below chance even
        // though it is 96 % of the unpruned accuracy
        Prunability accuracy = Prunability.of(PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.5},
                new double[] {0.72, 0.69}), 0.7);
        assertEquals(-0.5, accuracy.retention().get(1), 1e-9);
        assertEquals(0.0, accuracy.largestFractionKept(), 0.0);
    }

    @Test
    void nothingToKeepWhenTheUnprunedModelIsNotAboveChance() {
        for (double unprunedMcc : new double[] {0.0, -0.1}) {
            Prunability p = Prunability.of(PruningCurve.of(Metric.MATTHEWS_CORRELATION, new double[] {0, 0.5},
                    new double[] {unprunedMcc, 0.1}), 0);
            assertEquals(Double.NaN, p.relativeArea());
            assertEquals(Double.NaN, p.largestFractionKept());
            p.retention().forEach(value -> assertEquals(Double.NaN, value));
            assertEquals("unpruned mcc is " + unprunedMcc + ", not better than chance 0.0: there is nothing to keep",
                    p.relativeUndefinedReason().orElseThrow());
            // the raw area is still defined: 0.5 · (unpruned + 0.1) / 2
            assertEquals(0.25 * (unprunedMcc + 0.1), p.rawArea(), 1e-12);
        }
        Prunability atMajority = Prunability.of(PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.5},
                new double[] {0.5, 0.5}), 0.5);
        assertEquals("unpruned accuracy is 0.5, not better than chance 0.5: there is nothing to keep",
                atMajority.relativeUndefinedReason().orElseThrow());
    }

    @Test
    void curvesMustStartUnprunedAndIncrease() {
        assertThrows(IllegalArgumentException.class,
                () -> PruningCurve.of(Metric.ACCURACY, new double[] {0.1, 0.2}, new double[] {0.8, 0.7}));
        assertThrows(IllegalArgumentException.class,
                () -> PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.2, 0.2}, new double[] {0.8, 0.7, 0.6}));
        assertThrows(IllegalArgumentException.class,
                () -> PruningCurve.of(Metric.ACCURACY, new double[] {0, 1.2}, new double[] {0.8, 0.7}));
        assertThrows(IllegalArgumentException.class,
                () -> PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.5}, new double[] {0.8, Double.NaN}));
        assertThrows(IllegalArgumentException.class,
                () -> PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.5}, new double[] {0.8}));
    }
}
