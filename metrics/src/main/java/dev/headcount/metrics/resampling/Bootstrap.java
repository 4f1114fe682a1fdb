package dev.headcount.metrics.resampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over examples (Efron &amp; Tibshirani 1993, ch. 13): draw n examples with
 * replacement, recompute the statistic, repeat, and take the (1 − level)/2 and (1 + level)/2
 * quantiles of the replicates (linear interpolation between order statistics, R's type 7, numpy's
 * default).
 *
 * <p>A statistic sees only the indices of the examples drawn, so any metric of per-example data can
 * be resampled. Replicate r of a given {@link Resampling} draws the same indices for the same n on
 * every call: statistics computed in separate calls over the same examples (two rankings' curves on
 * the same dev set, say) are paired replicate by replicate, which {@link #differences} relies on.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** A statistic of the examples at {@code examples} (indices into the data, repeats allowed). */
    @FunctionalInterface
    public interface Statistic {
        double of(int[] examples);
    }

    /** Several statistics of the same resample, e.g. a curve's value at every fraction. */
    @FunctionalInterface
    public interface Statistics {
        double[] of(int[] examples);
    }

    /** A statistic of two independent samples (two importance maps scored on different examples). */
    @FunctionalInterface
    public interface TwoSampleStatistic {
        double of(int[] firstExamples, int[] secondExamples);
    }

    /** Several statistics of two independent samples. */
    @FunctionalInterface
    public interface TwoSampleStatistics {
        double[] of(int[] firstExamples, int[] secondExamples);
    }

    /** The statistic on all n examples with its percentile interval. */
    public static Interval interval(int examples, Statistic statistic, Resampling settings) {
        return intervals(examples, resample -> new double[] {statistic.of(resample)}, settings).get(0);
    }

    /** Every statistic on all n examples with its interval, all from the same resamples. */
    public static List<Interval> intervals(int examples, Statistics statistics, Resampling settings) {
        double[] estimates = statistics.of(identity(examples));
        double[][] replicates = replicates(examples, statistics, settings);
        List<Interval> intervals = new ArrayList<>(estimates.length);
        for (int i = 0; i < estimates.length; i++) {
            intervals.add(percentile(estimates[i], column(replicates, i), settings.level()));
        }
        return intervals;
    }

    /**
     * Paired bootstrap of {@code first − second} when both are statistics of the same examples (two
     * models on one dev set): each replicate evaluates both on the same resample, so what the
     * examples share cancels out.
     */
    public static Interval paired(int examples, Statistic first, Statistic second, Resampling settings) {
        return interval(examples, resample -> first.of(resample) - second.of(resample), settings);
    }

    /** Resamples each of two independent samples separately, with the same replicate count. */
    public static Interval twoSample(int firstExamples, int secondExamples, TwoSampleStatistic statistic,
                                     Resampling settings) {
        return twoSampleIntervals(firstExamples, secondExamples,
                (first, second) -> new double[] {statistic.of(first, second)}, settings).get(0);
    }

    /** Several statistics of two independent samples, each replicate resampling both samples separately. */
    public static List<Interval> twoSampleIntervals(int firstExamples, int secondExamples,
                                                    TwoSampleStatistics statistics, Resampling settings) {
        requireExamples(firstExamples);
        requireExamples(secondExamples);
        double[] estimates = statistics.of(identity(firstExamples), identity(secondExamples));
        SplittableRandom random = new SplittableRandom(settings.seed());
        double[][] replicates = new double[settings.replicates()][];
        for (int r = 0; r < replicates.length; r++) {
            replicates[r] = statistics.of(draw(firstExamples, random), draw(secondExamples, random));
        }
        List<Interval> intervals = new ArrayList<>(estimates.length);
        for (int i = 0; i < estimates.length; i++) {
            intervals.add(percentile(estimates[i], column(replicates, i), settings.level()));
        }
        return intervals;
    }

    /** {@code replicates[r][i]}: statistic i on resample r. Resample r is the same for every call with this n and seed. */
    public static double[][] replicates(int examples, Statistics statistics, Resampling settings) {
        requireExamples(examples);
        SplittableRandom random = new SplittableRandom(settings.seed());
        double[][] replicates = new double[settings.replicates()][];
        for (int r = 0; r < replicates.length; r++) {
            replicates[r] = statistics.of(draw(examples, random));
        }
        return replicates;
    }

    /** Interval of the difference of two statistics from replicates drawn with the same n and settings. */
    public static Interval differences(double firstEstimate, double[] firstReplicates, double secondEstimate,
                                       double[] secondReplicates, double level) {
        if (firstReplicates.length != secondReplicates.length) {
            throw new IllegalArgumentException("paired replicates differ in number: " + firstReplicates.length
                    + " vs " + secondReplicates.length);
        }
        double[] differences = new double[firstReplicates.length];
        for (int r = 0; r < differences.length; r++) {
            differences[r] = firstReplicates[r] - secondReplicates[r];
        }
        return percentile(firstEstimate - secondEstimate, differences, level);
    }

    /**
     * The percentile interval of replicate values around {@code estimate}. Undefined (NaN) replicates are
     * left out and counted; if they are half or more, the interval is NaN: what remains would describe a
     * different statistic (one conditioned on being defined).
     */
    public static Interval percentile(double estimate, double[] replicates, double level) {
        double[] defined = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int undefined = replicates.length - defined.length;
        if (defined.length == 0 || 2 * undefined >= replicates.length) {
            return new Interval(estimate, Double.NaN, Double.NaN, undefined);
        }
        double tail = (1 - level) / 2;
        return new Interval(estimate, quantile(defined, tail), quantile(defined, 1 - tail), undefined);
    }

    /** Type-7 quantile of sorted values: h = (n − 1)p, interpolating between x[⌊h⌋] and x[⌈h⌉]. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        double weight = h - below;
        // x + w·(y − x) would turn equal infinities into NaN
        return weight == 0 ? sorted[below] : sorted[below] + weight * (sorted[above] - sorted[below]);
    }

    /** n indices drawn uniformly with replacement. */
    static int[] draw(int examples, SplittableRandom random) {
        int[] drawn = new int[examples];
        for (int i = 0; i < examples; i++) {
            drawn[i] = random.nextInt(examples);
        }
        return drawn;
    }

    /** 0, 1, …, n − 1: the examples as they are. */
    public static int[] identity(int examples) {
        int[] all = new int[examples];
        for (int i = 0; i < examples; i++) {
            all[i] = i;
        }
        return all;
    }

    private static double[] column(double[][] replicates, int i) {
        double[] column = new double[replicates.length];
        for (int r = 0; r < replicates.length; r++) {
            column[r] = replicates[r][i];
        }
        return column;
    }

    private static void requireExamples(int examples) {
        if (examples < 2) {
            throw new IllegalArgumentException("resampling needs at least 2 examples, got " + examples);
        }
    }
}
