package dev.headcount.metrics.coherence;

import dev.headcount.metrics.CorrelationMetrics;
import dev.headcount.metrics.resampling.Bootstrap;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.Permutation;
import dev.headcount.metrics.resampling.Resampling;
import java.util.List;

/**
 * How far the coherence of two importance maps can be trusted, from the per-unit gate gradients each map
 * is the mean of ({@link GateGradientRows}; the two maps are usually scored on different tasks, so their
 * units are resampled independently).
 *
 * <p>Read ρ's interval next to the two reliabilities. Noise in the maps attenuates ρ towards 0, and the
 * interval describes ρ between maps of this many units: with reliable maps it covers the ρ that
 * unlimited units would give about 95 % of the time (tested), with noisy maps it can miss it entirely
 * (a simulation with split-half reliabilities well below 1 covered it in none of 100 studies), which is
 * why each ρ is reported with its ceiling.
 *
 * @param spearman          Spearman's ρ of the two maps with its percentile bootstrap interval
 * @param spearmanPValue    two-sided permutation p-value of ρ against "the two head orders are unrelated":
 *                          the second map's heads shuffled, +1 corrected; NaN when ρ is undefined
 * @param topK              the top-k Jaccard overlap at each of {@link Coherence#TOP_K_FRACTIONS}, with
 *                          its interval (same resamples as ρ)
 * @param reliabilityFirst  split-half reliability of the first map, Spearman–Brown corrected ({@link SplitHalf})
 * @param reliabilitySecond the same for the second map
 */
public record CoherenceUncertainty(Interval spearman, double spearmanPValue, List<Interval> topK,
                                   double reliabilityFirst, double reliabilitySecond) {

    public CoherenceUncertainty {
        topK = List.copyOf(topK);
    }

    /**
     * @param perLayerL2 whether the maps compared are per-layer L2 normalised (the request's
     *                   {@code normalizePerLayer}); it must match the maps the point estimates come from
     */
    public static CoherenceUncertainty of(GateGradientRows first, GateGradientRows second, boolean perLayerL2,
                                          Resampling settings) {
        if (first.layers() != second.layers() || first.heads() != second.heads()) {
            throw new IllegalArgumentException("maps differ in shape: " + first.layers() + "×" + first.heads()
                    + " vs " + second.layers() + "×" + second.heads());
        }
        if (first.layers() * first.heads() < 2) {
            throw new IllegalArgumentException("coherence needs at least 2 heads, got " + first.layers() * first.heads());
        }
        List<Interval> intervals = Bootstrap.twoSampleIntervals(first.size(), second.size(),
                (a, b) -> statistics(ImportanceMaps.flatten(first.map(a, perLayerL2)),
                        ImportanceMaps.flatten(second.map(b, perLayerL2))), settings);
        double[] a = ImportanceMaps.flatten(first.map(Bootstrap.identity(first.size()), perLayerL2));
        double[] b = ImportanceMaps.flatten(second.map(Bootstrap.identity(second.size()), perLayerL2));
        double rho = CorrelationMetrics.spearman(a, b);
        double pValue = Permutation.pValue(rho, random -> {
            int[] order = Permutation.shuffle(b.length, random);
            double[] shuffled = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                shuffled[i] = b[order[i]];
            }
            return CorrelationMetrics.spearman(a, shuffled);
        }, Permutation.Alternative.TWO_SIDED, settings);
        return new CoherenceUncertainty(intervals.get(0), pValue, intervals.subList(1, intervals.size()),
                SplitHalf.reliability(first, perLayerL2, settings), SplitHalf.reliability(second, perLayerL2, settings));
    }

    /** ρ, then the Jaccard overlap at each top-k fraction. */
    private static double[] statistics(double[] a, double[] b) {
        double[] values = new double[1 + Coherence.TOP_K_FRACTIONS.size()];
        values[0] = CorrelationMetrics.spearman(a, b);
        for (int i = 0; i < Coherence.TOP_K_FRACTIONS.size(); i++) {
            values[i + 1] = TopHeads.overlap(a, b, Coherence.TOP_K_FRACTIONS.get(i)).jaccard();
        }
        return values;
    }
}
