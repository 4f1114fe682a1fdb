package dev.headcount.metrics.coherence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoherenceTest {
    // flat (layer, head) order: A = 0.1 0.5 0.2 0.9 0.0 0.3, B = 0.2 0.4 0.1 0.8 0.3 0.0
    private static final double[][] A = {{0.1, 0.5, 0.2}, {0.9, 0.0, 0.3}};
    private static final double[][] B = {{0.2, 0.4, 0.1}, {0.8, 0.3, 0.0}};

    @Test
    void twoByThreeByHand() {
        Coherence c = Coherence.between(A, B);
        // ranks A = 2 5 3 6 1 4, ranks B = 3 5 2 6 4 1, d = -1 0 1 0 -3 3, Σd² = 20
        // no ties, so rho = 1 - 6·20 / (6·35) = 3/7
        assertEquals(3.0 / 7.0, c.spearman(), 1e-12);
        // of the 15 pairs 9 are concordant, 6 discordant (e.g. heads 0,2: A 2<3, B 3>2) -> (9-6)/15
        assertEquals(0.2, c.kendallTauB(), 1e-12);
        // means 1/3 and 0.3; sxy = 0.96 - 0.6 = 0.36, sxx = 1.2 - 2/3 = 8/15, syy = 0.94 - 0.54 = 0.4
        assertEquals(0.36 / Math.sqrt(8.0 / 15 * 0.4), c.pearson(), 1e-12);
        // k = round(0.6) = 1: {3} vs {3}; k = round(1.5) = 2: {3,1} vs {3,1};
        // k = 3: {3,1,5} vs {3,1,4} -> 2 shared of 4
        assertEquals(List.of(1, 2, 3), c.topK().stream().map(TopKOverlap::k).toList());
        assertEquals(1.0, c.jaccardAt(0.10), 0.0);
        assertEquals(1.0, c.jaccardAt(0.25), 0.0);
        assertEquals(0.5, c.jaccardAt(0.50), 0.0);
        // layer totals A: 0.8 and 1.2 of 2.0; B: 0.7 and 1.1 of 1.8
        assertEquals(0.4, c.layerMassOfFirst().get(0), 1e-12);
        assertEquals(0.6, c.layerMassOfFirst().get(1), 1e-12);
        assertEquals(7.0 / 18, c.layerMassOfSecond().get(0), 1e-12);
        assertEquals(11.0 / 18, c.layerMassOfSecond().get(1), 1e-12);
    }

    @Test
    void chanceLevelOfTheOverlapByHand() {
        List<TopKOverlap> topK = Coherence.between(A, B).topK();
        // n = 6, k = 1: the two heads coincide with probability 1/6
        assertEquals(1.0 / 6, topK.get(0).chanceJaccard(), 1e-12);
        // k = 2: P(j = 0, 1, 2) = 6/15, 8/15, 1/15 -> 8/15 · 1/3 + 1/15 · 1 = 11/45
        assertEquals(11.0 / 45, topK.get(1).chanceJaccard(), 1e-12);
        // k = 3: P(j = 0..3) = 1, 9, 9, 1 (/20) -> 9/20 · 1/5 + 9/20 · 2/4 + 1/20 · 1 = 0.365
        assertEquals(0.365, topK.get(2).chanceJaccard(), 1e-12);
    }

    @Test
    void identicalMapsAgreeCompletely() {
        Coherence c = Coherence.between(A, A);
        assertEquals(1.0, c.spearman(), 1e-12);
        assertEquals(1.0, c.kendallTauB(), 1e-12);
        assertEquals(1.0, c.pearson(), 1e-12);
        for (TopKOverlap overlap : c.topK()) {
            assertEquals(1.0, overlap.jaccard(), 0.0);
        }
        assertEquals(c.layerMassOfFirst(), c.layerMassOfSecond());
    }

    @Test
    void reversedRankingIsMinusOneAndShareNoTopHalf() {
        double[][] reversed = new double[2][3];
        for (int l = 0; l < 2; l++) {
            for (int h = 0; h < 3; h++) {
                reversed[l][h] = 1.0 - A[l][h];
            }
        }
        Coherence c = Coherence.between(A, reversed);
        assertEquals(-1.0, c.spearman(), 1e-12);
        assertEquals(-1.0, c.kendallTauB(), 1e-12);
        assertEquals(-1.0, c.pearson(), 1e-12);
        assertEquals(0.0, c.jaccardAt(0.50), 0.0);
    }

    @Test
    void tiesShareRanks() {
        // A = 1 2 2 3 (ranks 1 2.5 2.5 4), B = 1 2 3 4; both rank means 2.5
        // Spearman: sxy = 2.25 + 0 + 0 + 2.25 = 4.5, sxx = 4.5, syy = 5 -> 4.5 / sqrt(22.5) = 3 / sqrt(10)
        // tau-b: 6 pairs, 1 tied in A, 5 concordant -> 5 / sqrt(5 · 6)
        Coherence c = Coherence.between(new double[][] {{1, 2}, {2, 3}}, new double[][] {{1, 2}, {3, 4}});
        assertEquals(3 / Math.sqrt(10), c.spearman(), 1e-12);
        assertEquals(5 / Math.sqrt(30), c.kendallTauB(), 1e-12);
    }

    @Test
    void constantMapHasNoOrderToCorrelate() {
        Coherence c = Coherence.between(new double[][] {{1, 1}, {1, 1}}, increasingTwoByTwo());
        assertEquals(Double.NaN, c.spearman());
        assertEquals(Double.NaN, c.kendallTauB());
        assertEquals(Double.NaN, c.pearson());
        // nor top heads: before, the first k heads in (layer, head) order stood in for them
        c.topK().forEach(overlap -> assertEquals(Double.NaN, overlap.jaccard()));
    }

    @Test
    void rejectsMismatchedOrInvalidMaps() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Coherence.between(A, new double[][] {{1, 2}, {3, 4}}));
        assertEquals("maps differ in shape: 2×3 vs 2×2", shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Coherence.between(new double[][] {{1, -1}}, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Coherence.between(new double[][] {{1, Double.NaN}}, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Coherence.between(new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3, 4}}));
        assertThrows(IllegalArgumentException.class, () -> Coherence.between(new double[][] {{1}}, new double[][] {{1}}));
    }

    @Test
    void swappedExchangesOnlyTheLayerMasses() {
        Coherence c = Coherence.between(A, B);
        Coherence s = c.swapped();
        assertEquals(c.spearman(), s.spearman());
        assertEquals(c.topK(), s.topK());
        assertEquals(c.layerMassOfFirst(), s.layerMassOfSecond());
        assertEquals(Coherence.between(B, A), s);
    }

    @Test
    void layerMassesComeFromTheRawMapsWhenGiven() {
        // raw A' = 3 1 0 | 1 1 0: layer shares 4/6 and 2/6, whatever the ranked maps' own masses are
        double[][] raw = {{3, 1, 0}, {1, 1, 0}};
        Coherence c = Coherence.between(A, B, raw, B);
        assertEquals(2.0 / 3, c.layerMassOfFirst().get(0), 1e-12);
        assertEquals(Coherence.between(A, B).spearman(), c.spearman(), 0.0);
        assertEquals(LayerMass.of(B), c.layerMassOfSecond());
        assertThrows(IllegalArgumentException.class, () -> Coherence.between(A, B, new double[][] {{1}}, B));
    }

    private static double[][] increasingTwoByTwo() {
        return new double[][] {{0.1, 0.2}, {0.3, 0.4}};
    }
}
