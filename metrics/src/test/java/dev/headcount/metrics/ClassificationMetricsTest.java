package dev.headcount.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void accuracyCountsMatches() {
        // 3 of 4 agree (index 2 differs)
        assertEquals(0.75, ClassificationMetrics.accuracy(new int[] {1, 0, 1, 1}, new int[] {1, 0, 0, 1}), 1e-12);
    }

    @Test
    void f1OfPositiveClass() {
        // TP = 2 (idx 0, 3), FP = 1 (idx 2), FN = 0 -> F1 = 2·2 / (2·2 + 1 + 0) = 0.8
        assertEquals(0.8, ClassificationMetrics.f1(new int[] {1, 0, 1, 1}, new int[] {1, 0, 0, 1}), 1e-12);
    }

    @Test
    void f1IsZeroWithoutTruePositives() {
        assertEquals(0.0, ClassificationMetrics.f1(new int[] {0, 0}, new int[] {1, 0}), 0.0);
    }

    @Test
    void matthewsCorrelationByHand() {
        // pred 1 1 0 0 1 0 / gold 1 0 0 0 1 1: TP=2 FP=1 TN=2 FN=1
        // MCC = (2·2 − 1·1) / sqrt(3·3·3·3) = 3/9
        double mcc = ClassificationMetrics.matthewsCorrelation(new int[] {1, 1, 0, 0, 1, 0}, new int[] {1, 0, 0, 0, 1, 1});
        assertEquals(1.0 / 3.0, mcc, 1e-12);
    }

    @Test
    void matthewsCorrelationIsZeroForConstantPredictions() {
        assertEquals(0.0, ClassificationMetrics.matthewsCorrelation(new int[] {1, 1, 1}, new int[] {1, 0, 1}), 0.0);
    }

    @Test
    void perfectAndInversePredictions() {
        int[] gold = {0, 1, 1, 0};
        assertEquals(1.0, ClassificationMetrics.matthewsCorrelation(gold, gold), 1e-12);
        assertEquals(-1.0, ClassificationMetrics.matthewsCorrelation(new int[] {1, 0, 0, 1}, gold), 1e-12);
    }

    @Test
    void rejectsMismatchedOrNonBinaryInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[] {1}, new int[] {1, 0}));
        assertEquals("predicted has 1 entries but gold has 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.f1(new int[] {2}, new int[] {1}));
    }
}
