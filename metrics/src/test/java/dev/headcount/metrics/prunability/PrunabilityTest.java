package dev.headcount.metrics.prunability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunabilityTest {
    private static final double[] FRACTIONS = {0, 0.1, 0.2, 0.3, 0.5};

    @Test
    void accuracyCurveByHand() {
        Prunability p = Prunability.of(PruningCurve.of(Metric.ACCURACY, FRACTIONS, new double[] {0.80, 0.80, 0.76, 0.70, 0.40}));
        assertEquals(0.80, p.unpruned(), 0.0);
        // 0.80 / 0.80, 0.76 / 0.80, 0.70 / 0.80, 0.40 / 0.80
        List<Double> expected = List.of(1.0, 1.0, 0.95, 0.875, 0.5);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), p.relativeMetric().get(i), 1e-12);
        }
        // 0.1·(0.80+0.80)/2 + 0.1·(0.80+0.76)/2 + 0.1·(0.76+0.70)/2 + 0.2·(0.70+0.40)/2
        // = 0.080 + 0.078 + 0.073 + 0.110 = 0.341
        assertEquals(0.341, p.rawArea(), 1e-12);
        // the same over the relative values: 0.1 + 0.0975 + 0.09125 + 0.1375 = 0.42625 (= 0.341 / 0.8)
        assertEquals(0.42625, p.relativeArea(), 1e-12);
        // 0.76 ≥ 0.72 at 0.2 but 0.70 < 0.72 at 0.3
        assertEquals(0.2, p.largestFractionKept(), 0.0);
        assertTrue(p.relativeUndefinedReason().isEmpty());
    }

    @Test
    void exactlyNinetyPercentStillCounts() {
        Prunability p = Prunability.of(PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.5}, new double[] {0.5, 0.45}));
        assertEquals(0.5, p.largestFractionKept(), 0.0);
    }

    @Test
    void aRecoveryAfterADropDoesNotCount() {
        // 0.70 < 0.72 at 0.1 stops the count even though 0.79 at 0.2 would pass again
        Prunability p = Prunability.of(PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.1, 0.2}, new double[] {0.8, 0.7, 0.79}));
        assertEquals(0.0, p.largestFractionKept(), 0.0);
    }

    @Test
    void lowerIsBetterKeepsTheMetricWithinUnprunedOverNinetyPercent() {
        // perplexity 10 unpruned: kept while ≤ 10 / 0.9 = 11.11; 11.1 passes at 0.2, 11.2 fails at 0.3
        Prunability p = Prunability.of(PruningCurve.of(Metric.PERPLEXITY, new double[] {0, 0.1, 0.2, 0.3},
                new double[] {10, 10.5, 11.1, 11.2}));
        assertEquals(0.2, p.largestFractionKept(), 0.0);
        assertEquals(1.12, p.relativeMetric().get(3), 1e-12);
        // relative area: 0.1·(1 + 1.05)/2 + 0.1·(1.05 + 1.11)/2 + 0.1·(1.11 + 1.12)/2 = 0.1025 + 0.108 + 0.1115 = 0.322
        assertEquals(0.322, p.relativeArea(), 1e-12);
    }

    @Test
    void sharesOfANonPositiveUnprunedMetricAreUndefined() {
        for (double unprunedMcc : new double[] {0.0, -0.1}) {
            Prunability p = Prunability.of(PruningCurve.of(Metric.MATTHEWS_CORRELATION, new double[] {0, 0.5},
                    new double[] {unprunedMcc, 0.1}));
            assertEquals(Double.NaN, p.relativeArea());
            assertEquals(Double.NaN, p.largestFractionKept());
            p.relativeMetric().forEach(value -> assertEquals(Double.NaN, value));
            assertEquals("unpruned mcc is " + unprunedMcc + ", not positive: a share of it means nothing",
                    p.relativeUndefinedReason().orElseThrow());
            // the raw area is still defined: 0.5 · (unpruned + 0.1) / 2
            assertEquals(0.25 * (unprunedMcc + 0.1), p.rawArea(), 1e-12);
        }
    }

    @Test
    void aMetricTurningNegativeIsSimplyNotKept() {
        Prunability p = Prunability.of(PruningCurve.of(Metric.MATTHEWS_CORRELATION, new double[] {0, 0.1, 0.2},
                new double[] {0.4, 0.38, -0.1}));
        assertEquals(-0.25, p.relativeMetric().get(2), 1e-12);
        assertEquals(0.1, p.largestFractionKept(), 0.0);
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
