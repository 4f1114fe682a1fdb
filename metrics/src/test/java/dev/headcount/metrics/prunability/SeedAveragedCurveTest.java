package dev.headcount.metrics.prunability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.headcount.metrics.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedAveragedCurveTest {
    private static final double[] FRACTIONS = {0, 0.5};

    private static PruningCurve seed(double atHalf) {
        return PruningCurve.of(Metric.ACCURACY, FRACTIONS, new double[] {0.8, atHalf});
    }

    @Test
    void meanAndSpreadPerFractionByHand() {
        SeedAveragedCurve averaged = SeedAveragedCurve.of(List.of(seed(0.6), seed(0.7), seed(0.8)));
        assertEquals(3, averaged.seeds());
        SpreadPoint unpruned = averaged.points().get(0);
        assertEquals(0.8, unpruned.mean(), 1e-12);
        assertEquals(0.0, unpruned.standardDeviation(), 1e-12);
        // 0.6 0.7 0.8: mean 0.7, squared deviations 0.01 + 0 + 0.01 over n − 1 = 2 -> sd 0.1
        SpreadPoint half = averaged.points().get(1);
        assertEquals(0.5, half.fractionPruned(), 0.0);
        assertEquals(0.7, half.mean(), 1e-12);
        assertEquals(0.1, half.standardDeviation(), 1e-12);
        assertEquals(0.6, half.min(), 0.0);
        assertEquals(0.8, half.max(), 0.0);
        // the mean curve keeps 0.7 / 0.8 = 87.5 % at 0.5 (chance unknown): below 90 %
        Prunability p = Prunability.of(averaged.meanCurve(), Double.NaN);
        assertEquals(0.0, p.largestFractionKept(), 0.0);
        // trapezoid 0.5 · (1 + 0.875) / 2 over the span 0.5
        assertEquals((1 + 0.875) / 2, p.relativeArea(), 1e-12);
    }

    @Test
    void oneSeedHasNoStandardDeviation() {
        SeedAveragedCurve averaged = SeedAveragedCurve.of(List.of(seed(0.7)));
        assertEquals(Double.NaN, averaged.points().get(1).standardDeviation());
        assertEquals(0.7, averaged.points().get(1).min(), 0.0);
    }

    @Test
    void seedsMustShareFractionsAndMetric() {
        PruningCurve otherFractions = PruningCurve.of(Metric.ACCURACY, new double[] {0, 0.4}, new double[] {0.8, 0.7});
        PruningCurve otherMetric = PruningCurve.of(Metric.F1, FRACTIONS, new double[] {0.8, 0.7});
        assertThrows(IllegalArgumentException.class, () -> SeedAveragedCurve.of(List.of(seed(0.7), otherFractions)));
        assertThrows(IllegalArgumentException.class, () -> SeedAveragedCurve.of(List.of(seed(0.7), otherMetric)));
        assertThrows(IllegalArgumentException.class, () -> SeedAveragedCurve.of(List.of()));
    }
}
