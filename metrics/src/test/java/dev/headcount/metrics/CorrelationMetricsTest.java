package dev.headcount.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationMetricsTest {
    private static final double[] X = {1, 2, 3, 4, 5};
    private static final double[] Y = {2, 4, 5, 4, 5};

    @Test
    void pearsonByHand() {
        // means 3 and 4; dx = -2 -1 0 1 2, dy = -2 0 1 0 1
        // sxy = 6, sxx = 10, syy = 6 -> r = 6 / sqrt(60)
        assertEquals(6 / Math.sqrt(60), CorrelationMetrics.pearson(X, Y), 1e-12);
    }

    @Test
    void averageRanksShareTies() {
        // 2 -> 1; the two 4s take ranks 2,3 -> 2.5; the two 5s take 4,5 -> 4.5
        assertArrayEquals(new double[] {1, 2.5, 4.5, 2.5, 4.5}, CorrelationMetrics.averageRanks(Y), 0.0);
    }

    @Test
    void spearmanWithTiesByHand() {
        // ranks of Y = 1 2.5 4.5 2.5 4.5 (mean 3): dy = -2 -0.5 1.5 -0.5 1.5
        // sxy = 4 + 0.5 + 0 - 0.5 + 3 = 7, sxx = 10, syy = 9 -> rho = 7 / sqrt(90) ≈ 0.7379 (scipy.stats.spearmanr agrees)
        assertEquals(7 / Math.sqrt(90), CorrelationMetrics.spearman(X, Y), 1e-12);
    }

    @Test
    void kendallTauBWithTiesByHand() {
        // 10 pairs: concordant 7, discordant 1 (indices 2,3), tied in Y 2 (1,3 and 2,4), none tied in X
        // tau-b = (7 - 1) / sqrt((10 - 0)(10 - 2)) = 6 / sqrt(80) ≈ 0.6708 (scipy.stats.kendalltau agrees)
        assertEquals(6 / Math.sqrt(80), CorrelationMetrics.kendallTauB(X, Y), 1e-12);
    }

    @Test
    void perfectMonotoneAgreement() {
        double[] cubes = {1, 8, 27, 64, 125};
        assertEquals(1.0, CorrelationMetrics.spearman(X, cubes), 1e-12);
        assertEquals(1.0, CorrelationMetrics.kendallTauB(X, cubes), 1e-12);
        assertTrue(CorrelationMetrics.pearson(X, cubes) < 1.0);
    }

    @Test
    void reversedOrderIsMinusOne() {
        double[] reversed = {5, 4, 3, 2, 1};
        assertEquals(-1.0, CorrelationMetrics.kendallTauB(X, reversed), 1e-12);
        assertEquals(-1.0, CorrelationMetrics.spearman(X, reversed), 1e-12);
    }
}
