package dev.headcount.metrics.resampling;

import java.util.SplittableRandom;

/**
 * Monte-Carlo permutation p-values with the +1 correction of Phipson &amp; Smyth (2010):
 * p = (1 + #{permuted statistics at least as extreme as the observed}) / (1 + permutations), never 0,
 * so that a p-value is a valid (slightly conservative) test at any number of permutations.
 *
 * <p>"At least as extreme" allows a relative tolerance of 1e-9: a permutation that reproduces the
 * observed statistic up to rounding counts as extreme, as it should.
 */
public final class Permutation {
    /** Relative tolerance under which a permuted statistic counts as equal to the observed one. */
    static final double TOLERANCE = 1e-9;

    private Permutation() {
    }

    /** Which side counts as extreme. */
    public enum Alternative {
        /** |permuted| ≥ |observed|: for statistics centred at 0 and symmetric under the null (correlations, differences of exchangeable pairs). */
        TWO_SIDED,
        GREATER,
        LESS
    }

    /** The statistic once more under one random relabelling that the null hypothesis says changes nothing. */
    @FunctionalInterface
    public interface PermutedStatistic {
        double of(SplittableRandom random);
    }

    /**
     * @param observed the statistic on the data as labelled
     * @return the p-value, or NaN when the observed statistic is undefined; undefined permuted values count
     *         as not extreme
     */
    public static double pValue(double observed, PermutedStatistic permuted, Alternative alternative,
                                Resampling settings) {
        if (Double.isNaN(observed)) {
            return Double.NaN;
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        int extreme = 0;
        for (int p = 0; p < settings.replicates(); p++) {
            if (atLeastAsExtreme(permuted.of(random), observed, alternative)) {
                extreme++;
            }
        }
        return (1.0 + extreme) / (1.0 + settings.replicates());
    }

    static boolean atLeastAsExtreme(double value, double observed, Alternative alternative) {
        double slack = TOLERANCE * Math.max(1, Math.abs(observed));
        return switch (alternative) {
            case TWO_SIDED -> Math.abs(value) >= Math.abs(observed) - slack;
            case GREATER -> value >= observed - slack;
            case LESS -> value <= observed + slack;
        };
    }

    /** A uniformly random permutation of 0 … n − 1 (Fisher–Yates). */
    public static int[] shuffle(int n, SplittableRandom random) {
        int[] order = Bootstrap.identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * A random swap mask for paired data: under "the two models are exchangeable" each example's pair
     * of outputs may be swapped with probability ½.
     */
    public static boolean[] swaps(int n, SplittableRandom random) {
        boolean[] swapped = new boolean[n];
        for (int i = 0; i < n; i++) {
            swapped[i] = random.nextBoolean();
        }
        return swapped;
    }
}
