package dev.headcount.metrics.resampling;

import java.util.OptionalLong;

/**
 * How many examples would decide a comparison the current sample leaves open: a normal
 * approximation, taking the estimate as the true effect and the interval's width as shrinking with
 * 1/√n. The standard error at n examples is read off the interval, se = (high − low) / (2 z), z the
 * normal quantile of the interval's level; the examples needed for a two-sided test at that level
 * with power {@link #POWER} are n' = n · ((z + z_power) · se / |estimate − null|)² (e.g. Cohen 1988).
 * A rough guide ("about 3,000 examples"), not a promise.
 */
public final class SampleSize {
    /** Probability that a study of the suggested size decides the comparison, if the effect is as estimated. */
    public static final double POWER = 0.8;

    private SampleSize() {
    }

    /**
     * @param interval  the statistic and its interval at {@code examples} examples
     * @param nullValue the value that would mean "no effect" (0 for a difference, the baseline for a metric)
     * @param level     the interval's level (0.95)
     * @return empty when the estimate equals the null value or the interval is not defined (no size decides it)
     */
    public static OptionalLong examplesToDecide(Interval interval, double nullValue, long examples, double level) {
        double effect = Math.abs(interval.estimate() - nullValue);
        if (!interval.defined() || !(effect > 0) || examples < 1) {
            return OptionalLong.empty();
        }
        double z = normalQuantile(1 - (1 - level) / 2);
        double standardError = (interval.high() - interval.low()) / (2 * z);
        double ratio = (z + normalQuantile(POWER)) * standardError / effect;
        return OptionalLong.of((long) Math.ceil(examples * ratio * ratio));
    }

    /**
     * Inverse of the standard normal distribution function (Acklam's rational approximation, relative
     * error below 1.2e-9), so that this module needs no statistics library.
     */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
