package dev.headcount.metrics.coherence;

/**
 * How many of the k most important heads two maps share, as the Jaccard index |A∩B| / |A∪B|
 * (Jaccard 1912), with the value two independent random k-subsets would reach on average, so that
 * an overlap can be read against chance.
 *
 * @param fraction the share of heads asked for (e.g. 0.25)
 * @param k the number of heads in each set, see {@link TopHeads#count(double, int)}
 * @param jaccard |A∩B| / |A∪B| of the two top-k sets; NaN when a map is constant (no heads stand out)
 * @param chanceJaccard expected Jaccard index of two independent uniformly random k-subsets of the heads
 */
public record TopKOverlap(double fraction, int k, double jaccard, double chanceJaccard) {
}
