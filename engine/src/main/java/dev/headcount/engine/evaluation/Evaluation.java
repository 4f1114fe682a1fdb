package dev.headcount.engine.evaluation;

import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.learning.LearningCheck;
import dev.headcount.metrics.resampling.Resampling;
import java.util.Map;

/**
 * A model's score on some examples.
 *
 * @param loss mean loss per example (MLM: per masked token)
 * @param metrics every metric of the task
 * @param examples how many examples were scored
 * @param predictions what the model did on each example, in evaluation order (for resampling: bootstrap
 *     intervals, the learning check), or null where not kept
 */
public record Evaluation(double loss, Map<Metric, Double> metrics, long examples, ExamplePredictions predictions) {

    public Evaluation(double loss, Map<Metric, Double> metrics, long examples) {
        this(loss, metrics, examples, null);
    }

    /**
     * The model's dev metric against the task's trivial baseline (majority class, mean predictor, one
     * in-batch candidate at random), with a 95 % bootstrap interval over the dev examples.
     */
    public LearningCheck learningCheck(Metric metric) {
        if (predictions == null) {
            throw new IllegalStateException("this evaluation kept no per-example predictions to resample");
        }
        return LearningCheck.of(metric, predictions, Resampling.DEFAULT);
    }

    public double metric(Metric metric) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no " + metric.id() + " in this evaluation (has " + metrics.keySet() + ")");
        }
        return v;
    }
}
