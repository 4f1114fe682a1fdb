package dev.headcount.metrics.coherence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class TopHeadsTest {

    @Test
    void kIsTheRoundedShareButAtLeastOne() {
        assertEquals(14, TopHeads.count(0.10, 144)); // 14.4
        assertEquals(36, TopHeads.count(0.25, 144));
        assertEquals(2, TopHeads.count(0.25, 6)); // 1.5 rounds half up
        assertEquals(1, TopHeads.count(0.10, 4)); // 0.4 would be no heads at all
        assertThrows(IllegalArgumentException.class, () -> TopHeads.count(0, 144));
        assertThrows(IllegalArgumentException.class, () -> TopHeads.count(1.5, 144));
    }

    @Test
    void tiesFollowThePrunersOrder() {
        // flat 0.5 0.9 0.5 | 0.5 0.1 0.9. The pruner's order (ascending, ties by index) is 4, 0, 2, 3, 1, 5:
        // it prunes index 0 before 2 before 3, so the top sets are read from the end: {1, 5}, then the latest
        // 0.5 (index 3), then index 2
        double[] flat = {0.5, 0.9, 0.5, 0.5, 0.1, 0.9};
        assertEquals(bits(1, 5), TopHeads.largest(flat, 2));
        assertEquals(bits(1, 3, 5), TopHeads.largest(flat, 3));
        assertEquals(bits(1, 2, 3, 5), TopHeads.largest(flat, 4));
        // the pruner's comparator (engine Ranking.byImportance): pruning its first 2 keeps exactly the top 4
        int[] prunerOrder = java.util.stream.IntStream.range(0, 6).boxed()
                .sorted(java.util.Comparator.<Integer>comparingDouble(i -> flat[i]).thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
        assertEquals(TopHeads.largest(flat, 4), complement(bits(prunerOrder[0], prunerOrder[1]), 6));
    }

    @Test
    void aConstantMapHasNoTopHeadsToOverlap() {
        TopKOverlap overlap = TopHeads.overlap(new double[][] {{2, 2}, {2, 2}}, new double[][] {{0, 5}, {1, 6}}, 0.5);
        assertEquals(Double.NaN, overlap.jaccard());
        assertEquals(7.0 / 18, overlap.chanceJaccard(), 1e-12); // still defined: it depends on n and k only
    }

    @Test
    void jaccardOfKnownOverlaps() {
        assertEquals(1.0 / 3, TopHeads.jaccard(bits(0, 1), bits(1, 2)), 0.0); // {1} of {0,1,2}
        assertEquals(0.0, TopHeads.jaccard(bits(0, 1), bits(2, 3)), 0.0);
        assertEquals(0.6, TopHeads.jaccard(bits(0, 1, 2, 3), bits(0, 1, 2, 4)), 0.0); // 3 of 5
    }

    @Test
    void overlapOnMapsWithKnownTopSets() {
        // top 2 of 4 heads: first {0, 1}, second {1, 3} -> 1 shared of 3
        TopKOverlap overlap = TopHeads.overlap(new double[][] {{4, 3}, {2, 1}}, new double[][] {{0, 5}, {1, 6}}, 0.5);
        assertEquals(2, overlap.k());
        assertEquals(1.0 / 3, overlap.jaccard(), 0.0);
        // n = 4, k = 2: P(j = 0, 1, 2) = 1/6, 4/6, 1/6 -> 4/6 · 1/3 + 1/6 = 7/18
        assertEquals(7.0 / 18, overlap.chanceJaccard(), 1e-12);
    }

    @Test
    void chanceOfTakingEveryHeadIsCertainOverlap() {
        assertEquals(1.0, TopHeads.chanceJaccard(10, 10), 1e-12);
    }

    private static BitSet complement(BitSet bits, int n) {
        BitSet out = (BitSet) bits.clone();
        out.flip(0, n);
        return out;
    }

    private static BitSet bits(int... indices) {
        BitSet bits = new BitSet();
        for (int index : indices) {
            bits.set(index);
        }
        return bits;
    }
}
