package dev.headcount.engine.evaluation;

import dev.headcount.metrics.Metric;
import java.util.Map;

/**
 * A model's score on some examples.
 *
 * @param loss mean loss per example (MLM: per masked token)
 * @param metrics every metric of the task
 * @param examples how many examples were scored
 * @param outcomes what the model did on each example (for resampling), or null where not kept
 */
public record Evaluation(double loss, Map<Metric, Double> metrics, long examples, Outcomes outcomes) {

    public Evaluation(double loss, Map<Metric, Double> metrics, long examples) {
        this(loss, metrics, examples, null);
    }

    public double metric(Metric metric) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no " + metric.id() + " in this evaluation (has " + metrics.keySet() + ")");
        }
        return v;
    }
}
