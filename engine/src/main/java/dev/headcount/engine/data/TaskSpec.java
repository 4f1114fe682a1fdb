package dev.headcount.engine.data;

import dev.headcount.metrics.Metric;
import java.util.List;

/**
 * What a task is, independent of its data: labels are the class names indexed by
 * {@link Example#label()} (empty for regression and pre-training tasks); the first metric is the
 * headline one.
 */
public record TaskSpec(
        String name,
        TaskKind kind,
        List<String> labels,
        List<Metric> metrics,
        int maxSeqLength,
        String description,
        String licence) {

    public TaskSpec {
        labels = List.copyOf(labels);
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("task " + name + " has no metric");
        }
        if (kind.isClassification() && labels.size() < 2) {
            throw new IllegalArgumentException("classification task " + name + " needs at least 2 labels, has " + labels);
        }
    }

    public Metric primaryMetric() {
        return metrics.get(0);
    }

    public TaskSpec withName(String newName) {
        return new TaskSpec(newName, kind, labels, metrics, maxSeqLength, description, licence);
    }
}
