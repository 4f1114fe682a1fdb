package dev.headcount.events;

import java.time.Instant;
import java.util.Map;

/**
 * A fine-tuned model is ready: {@code finetuned/<task>} or {@code pruned-then-finetuned/<ranking>/<fraction>/<task>}.
 *
 * @param artifactUri   {@code file:} URI of the checkpoint directory
 * @param primaryMetric the task's metric name (a key of {@code devMetrics}), e.g. {@code accuracy}
 * @param devMetrics    metric name → value on the dev set, at the best epoch
 * @param devLoss       dev loss at the best epoch
 * @param completedAt   informational; not part of the id
 * @param learning      whether the model learned its task (the primary metric against the task's trivial
 *                      baseline, with its interval); null in records written before the check existed
 * @param provenance    what produced the model; {@code null} in events written before it was recorded
 * @param devPredictions each dev example's prediction at the kept epoch, for the report's paired comparison of
 *                      the two orders of pruning and fine-tuning; {@code null} in events written before they were
 *                      recorded
 */
public record ModelFineTuned(String experimentId, ModelVariant variant, String artifactUri, String primaryMetric,
                             Map<String, Double> devMetrics, double devLoss, CurveSummary curve,
                             Instant completedAt, Learning learning, Provenance provenance,
                             Predictions devPredictions) implements HeadcountEvent {
    private static final String TYPE = "ModelFineTuned";

    public ModelFineTuned {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "variant", variant);
        if (!variant.isFinetuned()) {
            throw new InvalidEventException(TYPE, "variant", "'" + variant + "' is not a fine-tuned variant");
        }
        RequiredFields.text(TYPE, "artifactUri", artifactUri);
        RequiredFields.text(TYPE, "primaryMetric", primaryMetric);
        devMetrics = RequiredFields.map(devMetrics);
        if (!devMetrics.containsKey(primaryMetric)) {
            throw new InvalidEventException(TYPE, "devMetrics", "has no value for the primary metric " + primaryMetric);
        }
        RequiredFields.present(TYPE, "curve", curve);
    }

    /** Without dev predictions (as events were before they were recorded). */
    public ModelFineTuned(String experimentId, ModelVariant variant, String artifactUri, String primaryMetric,
                          Map<String, Double> devMetrics, double devLoss, CurveSummary curve, Instant completedAt,
                          Learning learning, Provenance provenance) {
        this(experimentId, variant, artifactUri, primaryMetric, devMetrics, devLoss, curve, completedAt, learning,
                provenance, null);
    }

    /** Without a learning check and provenance (as events were before they were recorded). */
    public ModelFineTuned(String experimentId, ModelVariant variant, String artifactUri, String primaryMetric,
                          Map<String, Double> devMetrics, double devLoss, CurveSummary curve, Instant completedAt) {
        this(experimentId, variant, artifactUri, primaryMetric, devMetrics, devLoss, curve, completedAt, null, null,
                null);
    }

    /** Whether the model may feed findings: it learned, or no check was recorded (older records). */
    public boolean learned() {
        return learning == null || learning.learned();
    }

    /** The task it was fine-tuned on. */
    public String task() {
        return variant.task();
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, variant);
    }

    @Override
    public String key() {
        return Topics.key(experimentId, variant);
    }

    @Override
    public String topic() {
        return Topics.MODELS;
    }
}
