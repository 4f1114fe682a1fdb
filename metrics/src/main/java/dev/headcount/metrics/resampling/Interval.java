package dev.headcount.metrics.resampling;

/**
 * A statistic on all examples with its bootstrap interval.
 *
 * @param estimate  the statistic on the examples as they are (not the mean of the replicates)
 * @param low,high  the interval's ends; NaN when fewer than half of the replicates were defined
 * @param undefined replicates on which the statistic was not defined (NaN, e.g. a resample with one
 *                  class only for Matthews correlation's marginals), left out of the percentiles
 */
public record Interval(double estimate, double low, double high, int undefined) {

    /** Whether the interval lies strictly above {@code value} (an interval with NaN ends decides nothing). */
    public boolean above(double value) {
        return low > value;
    }

    /** Whether the interval lies strictly below {@code value}. */
    public boolean below(double value) {
        return high < value;
    }

    /** Whether the interval excludes {@code value} on either side. */
    public boolean excludes(double value) {
        return above(value) || below(value);
    }

    public boolean defined() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }
}
