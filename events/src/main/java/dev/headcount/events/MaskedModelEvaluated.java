package dev.headcount.events;

import java.util.List;
import java.util.Map;

/**
 * One point of a pruning curve: {@code baseVariant} with the first {@code fraction} of heads of
 * {@code ranking} masked, evaluated on {@code evaluatedTask} (its own task, or across tasks).
 *
 * @param baseVariant   the model that was masked: {@code pretrained} (pre-training task) or {@code finetuned/<task>}
 * @param ranking       e.g. {@code task:builtin/spam}, {@code task:builtin/sotu}, {@code random:3}
 * @param primaryMetric the evaluated task's metric name (a key of {@code metrics})
 * @param metrics       metric name → value
 * @param loss          mean loss on the evaluation examples
 * @param examples      examples evaluated
 * @param headsRemoved  the masked heads, in ranking order
 * @param provenance    what produced the evaluation; {@code null} in events written before it was recorded
 * @param predictions   each dev example's prediction, for the report's intervals; {@code null} in events written
 *                      before they were recorded (the report then shows the point estimates only)
 */
public record MaskedModelEvaluated(String experimentId, ModelVariant baseVariant, Ranking ranking, double fraction,
                                   String evaluatedTask, String primaryMetric, Map<String, Double> metrics,
                                   double loss, int examples, List<HeadId> headsRemoved,
                                   Provenance provenance, Predictions predictions) implements HeadcountEvent {
    private static final String TYPE = "MaskedModelEvaluated";

    public MaskedModelEvaluated {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "baseVariant", baseVariant);
        RequiredFields.present(TYPE, "ranking", ranking);
        RequiredFields.fraction(TYPE, "fraction", fraction);
        RequiredFields.text(TYPE, "evaluatedTask", evaluatedTask);
        RequiredFields.text(TYPE, "primaryMetric", primaryMetric);
        metrics = RequiredFields.map(metrics);
        if (!metrics.containsKey(primaryMetric)) {
            throw new InvalidEventException(TYPE, "metrics", "has no value for the primary metric " + primaryMetric);
        }
        RequiredFields.nonNegative(TYPE, "examples", examples);
        headsRemoved = RequiredFields.list(headsRemoved);
        if (predictions != null && predictions.size() != examples) {
            throw new InvalidEventException(TYPE, "predictions", "has " + predictions.size() + " examples, the "
                    + "evaluation " + examples);
        }
    }

    /** Without per-example predictions (as events were before they were recorded). */
    public MaskedModelEvaluated(String experimentId, ModelVariant baseVariant, Ranking ranking, double fraction,
                                String evaluatedTask, String primaryMetric, Map<String, Double> metrics, double loss,
                                int examples, List<HeadId> headsRemoved, Provenance provenance) {
        this(experimentId, baseVariant, ranking, fraction, evaluatedTask, primaryMetric, metrics, loss, examples,
                headsRemoved, provenance, null);
    }

    /** Without provenance (as events were before it was recorded). */
    public MaskedModelEvaluated(String experimentId, ModelVariant baseVariant, Ranking ranking, double fraction,
                                String evaluatedTask, String primaryMetric, Map<String, Double> metrics, double loss,
                                int examples, List<HeadId> headsRemoved) {
        this(experimentId, baseVariant, ranking, fraction, evaluatedTask, primaryMetric, metrics, loss, examples,
                headsRemoved, null, null);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, baseVariant, ranking, ModelVariant.formatFraction(fraction),
                evaluatedTask);
    }

    @Override
    public String key() {
        return Topics.key(experimentId, baseVariant, ranking);
    }

    @Override
    public String topic() {
        return Topics.PRUNING_EVALUATIONS;
    }
}
