package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.pruning.HeadId;
import org.junit.jupiter.api.Test;

class MapComparisonTest {
    private static final double[][] RAW = {{2.0, 0.5}, {0.0, 1.0}};
    private static final double[][] NORMALIZED = {{1.0, 0.25}, {0.0, 0.5}};

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }

    @Test
    void theSameNumbersAreBitIdentical() {
        MapComparison c = MapComparison.of(RAW, NORMALIZED, copy(RAW), copy(NORMALIZED));
        assertEquals(MapComparison.Verdict.BIT_IDENTICAL, c.verdict());
        assertEquals(0.0, c.maxRelative());
        assertTrue(c.sameRanking());
    }

    @Test
    void relativeDifferencesAreTheHandComputedOnes() {
        double[][] raw = copy(RAW);
        raw[0][0] = 2.00001;      // |Δ| 1e-5 over 2.00001
        raw[1][1] = 1.000002;     // 2e-6 over 1.000002
        MapComparison c = MapComparison.of(RAW, NORMALIZED, raw, copy(NORMALIZED));
        assertEquals(1e-5 / 2.00001, c.relative()[0][0], 1e-15);
        assertEquals(2e-6 / 1.000002, c.relative()[1][1], 1e-15);
        assertEquals(0.0, c.relative()[1][0], "both 0: no difference");
        assertEquals(1e-5 / 2.00001, c.maxRelative(), 1e-15);
        assertEquals(new HeadId(0, 0), c.worst());
        assertEquals(MapComparison.Verdict.WITHIN_TOLERANCE, c.verdict(), "4.99998e-6 ≤ 1e-5, not bit-identical");
    }

    @Test
    void aLargerDifferenceOrAChangedNormalisedMapDiffers() {
        double[][] raw = copy(RAW);
        raw[0][1] = 0.5006;       // 1.2e-3 relative
        assertEquals(MapComparison.Verdict.DIFFERS, MapComparison.of(RAW, NORMALIZED, raw, copy(NORMALIZED)).verdict());
        double[][] normalized = copy(NORMALIZED);
        normalized[1][1] = 0.5001; // 1e-4 of the largest value (1.0)
        MapComparison c = MapComparison.of(RAW, NORMALIZED, copy(RAW), normalized);
        assertEquals(1e-4, c.maxNormalized(), 1e-12);
        assertEquals(MapComparison.Verdict.DIFFERS, c.verdict());
    }

    @Test
    void aSwappedOrderIsAChangedRanking() {
        double[][] normalized = copy(NORMALIZED);
        normalized[0][1] = 0.6;    // now above head (1, 1)
        assertFalse(MapComparison.of(null, NORMALIZED, null, normalized).sameRanking());
        assertTrue(MapComparison.of(null, NORMALIZED, null, copy(NORMALIZED)).sameRanking());
    }

    @Test
    void withoutRawImportanceTheNormalisedMapIsCompared() {
        double[][] normalized = copy(NORMALIZED);
        normalized[0][1] = 0.2500025; // 1e-5 relative to 0.2500025
        MapComparison c = MapComparison.of(null, NORMALIZED, null, normalized);
        assertEquals(2.5e-6 / 0.2500025, c.maxRelative(), 1e-15);
        assertEquals(MapComparison.Verdict.WITHIN_TOLERANCE, c.verdict());
    }

    @Test
    void aMapOfAnotherShapeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapComparison.of(null, NORMALIZED, null, new double[][] {{1.0, 0.0, 0.5}}));
        assertTrue(e.getMessage().contains("2 × 2") && e.getMessage().contains("1 × 3"), e.getMessage());
    }
}
