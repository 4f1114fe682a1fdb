package dev.headcount.engine.evaluation;

import dev.headcount.metrics.Metric;
import java.util.Map;

/**
 * A model's score on some examples.
 *
 * @param loss mean loss per example (MLM: per masked token)
 * @param metrics every metric of the task
 * @param examples how many examples were scored
 */
public record Evaluation(double loss, Map<Metric, Double> metrics, long examples) {

    public double metric(Metric metric) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no " + metric.id() + " in this evaluation (has " + metrics.keySet() + ")");
        }
        return v;
    }
}
