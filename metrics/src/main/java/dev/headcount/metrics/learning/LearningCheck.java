package dev.headcount.metrics.learning;

import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.resampling.Bootstrap;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.Resampling;
import java.util.Optional;

/**
 * A model's dev metric against the trivial baseline of its task.
 *
 * @param value    the metric on all dev examples
 * @param baseline the trivial baseline's score on the same examples (majority class, mean predictor, …)
 * @param ciLow    lower end of the percentile bootstrap interval of {@code value} over dev examples
 * @param ciHigh   upper end
 * @param learned  the whole interval is on the good side of the baseline (above it, or below it for a
 *                 lower-is-better metric); an interval that touches or straddles the baseline is "not
 *                 learned": the data do not show the model beat a model that ignores its input
 * @param reason   why the check could not decide (no baseline for the metric, interval undefined); the
 *                 model then counts as not learned
 */
public record LearningCheck(Metric metric, double value, double baseline, double ciLow, double ciHigh,
                            boolean learned, Optional<String> reason) {

    public static LearningCheck of(Metric metric, ExamplePredictions dev, Resampling settings) {
        Interval interval = Bootstrap.interval(dev.size(), examples -> dev.metric(metric, examples), settings);
        double baseline = dev.chanceLevel(metric);
        if (Double.isNaN(baseline)) {
            return new LearningCheck(metric, interval.estimate(), baseline, interval.low(), interval.high(), false,
                    Optional.of(metric.id() + " has no trivial baseline to compare with"));
        }
        if (!interval.defined()) {
            return new LearningCheck(metric, interval.estimate(), baseline, interval.low(), interval.high(), false,
                    Optional.of(metric.id() + " is undefined on " + interval.undefined() + " of "
                            + settings.replicates() + " resamples of the " + dev.size() + " dev examples"));
        }
        boolean learned = metric.higherIsBetter() ? interval.above(baseline) : interval.below(baseline);
        return new LearningCheck(metric, interval.estimate(), baseline, interval.low(), interval.high(), learned,
                Optional.empty());
    }
}
