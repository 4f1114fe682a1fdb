package dev.headcount.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReferenceMathTest {

    @Test
    void erfMatchesTabulatedValues() {
        assertEquals(0.0, ReferenceMath.erf(0.0), 0.0);
        assertEquals(0.1124629160182849, ReferenceMath.erf(0.1), 1e-15);
        assertEquals(0.5204998778130465, ReferenceMath.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, ReferenceMath.erf(1), 1e-15);
        assertEquals(-0.9953222650189527, ReferenceMath.erf(-2), 1e-15);
        assertEquals(0.9999779095030014, ReferenceMath.erf(3), 1e-15);
        assertEquals(0.9999999845827421, ReferenceMath.erf(4), 1e-15);
        assertEquals(1.0, ReferenceMath.erf(7), 0.0);
    }

    @Test
    void erfIsOddAndMonotoneAcrossTheSeriesCutoff() {
        double previous = -1;
        for (double x = -6.5; x <= 6.5; x += 0.01) {
            double y = ReferenceMath.erf(x);
            assertEquals(-y, ReferenceMath.erf(-x), 0.0);
            assertTrue(y >= previous, "erf decreases at " + x);
            previous = y;
        }
    }

    @Test
    void exactGeluAndTanhApproximationDifferByTheExpectedAmount() {
        assertEquals(0.8413447460685429, ReferenceMath.gelu(1), 1e-15);
        assertEquals(-0.15865525393145707, ReferenceMath.gelu(-1), 1e-15);
        assertEquals(0.8411919906082768, ReferenceMath.geluNew(1), 1e-15);
        assertEquals(1.5276e-4, ReferenceMath.gelu(1) - ReferenceMath.geluNew(1), 1e-7);
        assertEquals(0.0, ReferenceMath.relu(-3), 0.0);
    }

    @Test
    void softmaxGivesExactZeroToMaskedScores() {
        double[] p = ReferenceMath.softmax(new double[] {1.5, -0.5 + ReferenceMath.FLOAT32_MOST_NEGATIVE, 0.25});
        assertEquals(0.0, p[1], 0.0);
        assertEquals(1 / (1 + Math.exp(-1.25)), p[0], 1e-15);
    }

    @Test
    void softmaxOfAFullyMaskedRowIsUniformAsInFloat32() {
        // Every score sits at about -3.4e38, where the scores' own differences are below the spacing of doubles.
        double m = ReferenceMath.FLOAT32_MOST_NEGATIVE;
        double[] p = ReferenceMath.softmax(new double[] {m + 2, m - 1, m});
        for (double v : p) {
            assertEquals(1.0 / 3, v, 1e-15);
        }
    }

    @Test
    void layerNormUsesBiasedVarianceWithEpsInsideTheRoot() {
        // x = [1, 2, 6]: mean 3, biased variance (4 + 1 + 9) / 3 = 14/3
        double[] y = ReferenceMath.layerNorm(new double[] {1, 2, 6}, new double[] {1, 2, 1},
                new double[] {0, 0, 0.5}, 0.5);
        double s = Math.sqrt(14.0 / 3 + 0.5);
        assertEquals(-2 / s, y[0], 1e-15);
        assertEquals(-2 / s, y[1], 1e-15);
        assertEquals(3 / s + 0.5, y[2], 1e-15);
    }

    @Test
    void linearMultipliesByTheTransposeOfAnOutByInWeight() {
        double[] y = ReferenceMath.linear(new double[] {1, 2}, new double[][] {{1, 0}, {3, 4}, {0, -1}},
                new double[] {0.5, 0, 1});
        assertEquals(1.5, y[0], 0.0);
        assertEquals(11, y[1], 0.0);
        assertEquals(-1, y[2], 0.0);
    }
}
