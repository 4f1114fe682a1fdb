package dev.headcount.metrics.coherence;

import dev.headcount.metrics.CorrelationMetrics;
import dev.headcount.metrics.resampling.Permutation;
import dev.headcount.metrics.resampling.Resampling;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Split-half reliability of one importance map: the scoring units are split at random into two
 * disjoint halves, a map is computed from each, and Spearman's ρ between the two maps is averaged over
 * {@link #SPLITS} splits, then corrected to the full number of units with the Spearman–Brown formula
 * 2ρ / (1 + ρ) (Spearman 1910, Brown 1910): each half has only half the units.
 *
 * <p>It is the noise ceiling of coherence: two maps that are each this reliable cannot be expected to
 * correlate much beyond √(reliability₁ · reliability₂) even when the heads that matter are the same.
 */
public final class SplitHalf {
    /** Random splits averaged; each split is cheap (two maps and one ρ). */
    public static final int SPLITS = 200;

    private SplitHalf() {
    }

    /**
     * @return the corrected reliability, NaN when fewer than 2 units, when no split gives a defined ρ (a
     *         half's map is constant), or when the mean ρ is −1 (the correction diverges)
     */
    public static double reliability(GateGradientRows rows, boolean perLayerL2, Resampling settings) {
        int n = rows.size();
        if (n < 2) {
            return Double.NaN;
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        double sum = 0;
        int defined = 0;
        for (int s = 0; s < SPLITS; s++) {
            int[] order = Permutation.shuffle(n, random);
            int[] first = Arrays.copyOfRange(order, 0, n / 2);
            int[] second = Arrays.copyOfRange(order, n / 2, n);
            double rho = CorrelationMetrics.spearman(ImportanceMaps.flatten(rows.map(first, perLayerL2)),
                    ImportanceMaps.flatten(rows.map(second, perLayerL2)));
            if (!Double.isNaN(rho)) {
                sum += rho;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : spearmanBrown(sum / defined);
    }

    /** The reliability of a test twice as long as one with reliability r: 2r / (1 + r). */
    public static double spearmanBrown(double halfReliability) {
        return halfReliability <= -1 ? Double.NaN : 2 * halfReliability / (1 + halfReliability);
    }
}
