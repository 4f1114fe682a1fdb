package dev.headcount.metrics.coherence;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The k most important heads of a map, and the Jaccard overlap of two such sets. */
public final class TopHeads {
    private TopHeads() {
    }

    /**
     * k = round(fraction × heads), half up, but at least 1: on a map with fewer than 5 heads 10 %
     * would otherwise be 0 heads and the overlap 0/0.
     */
    public static int count(double fraction, int heads) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        return (int) Math.max(1, Math.round(fraction * heads));
    }

    /**
     * Flat indices (layer · heads + head) of the k most important heads. The one head order of the
     * project is the pruner's: ascending importance, equal values in ascending (layer, head) order, least
     * important first (the engine's {@code Ranking.byImportance}). The k most important heads are the last
     * k of that order, so among equal values the later (layer, head) counts as more important: the heads
     * kept at a pruning fraction are exactly the top-k set of the same map.
     */
    public static BitSet largest(double[] flatImportance, int k) {
        Integer[] order = IntStream.range(0, flatImportance.length).boxed().toArray(Integer[]::new);
        // stable sort: ties keep ascending index order, as the pruner's order does
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> flatImportance[i]));
        BitSet top = new BitSet(flatImportance.length);
        for (int i = order.length - k; i < order.length; i++) {
            top.set(order[i]);
        }
        return top;
    }

    public static TopKOverlap overlap(double[][] first, double[][] second, double fraction) {
        ImportanceMaps.requireSameShape(first, second);
        return overlap(ImportanceMaps.flatten(first), ImportanceMaps.flatten(second), fraction);
    }

    /**
     * As {@link #overlap(double[][], double[][], double)} on maps already checked and flattened. A constant
     * map has no most important heads (its "top k" would be whichever heads the tie order puts last), so
     * its overlap is NaN, as its correlations are.
     */
    static TopKOverlap overlap(double[] a, double[] b, double fraction) {
        int k = count(fraction, a.length);
        double jaccard = constant(a) || constant(b) ? Double.NaN : jaccard(largest(a, k), largest(b, k));
        return new TopKOverlap(fraction, k, jaccard, chanceJaccard(a.length, k));
    }

    static boolean constant(double[] values) {
        return Arrays.stream(values).allMatch(value -> value == values[0]);
    }

    static double jaccard(BitSet a, BitSet b) {
        BitSet intersection = (BitSet) a.clone();
        intersection.and(b);
        BitSet union = (BitSet) a.clone();
        union.or(b);
        return (double) intersection.cardinality() / union.cardinality();
    }

    /**
     * E[j / (2k − j)] for j = |A∩B| of two independent uniform k-subsets of n items, j being
     * hypergeometric: P(j) = C(k, j) C(n−k, k−j) / C(n, k).
     */
    static double chanceJaccard(int n, int k) {
        double expected = 0;
        for (int j = Math.max(0, 2 * k - n); j <= k; j++) {
            double logP = logBinomial(k, j) + logBinomial(n - k, k - j) - logBinomial(n, k);
            expected += Math.exp(logP) * j / (2.0 * k - j);
        }
        return expected;
    }

    private static double logBinomial(int n, int r) {
        double log = 0;
        for (int i = 1; i <= r; i++) {
            log += Math.log((double) (n - r + i) / i);
        }
        return log;
    }
}
