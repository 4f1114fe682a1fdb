package dev.headcount.events;

/**
 * The importance of one head for one task on one variant (the map, head by head).
 *
 * @param layer                layer, or for ALBERT the pass of its shared layer, from 0
 * @param rawSum               sum of |dL/dξ| over all units
 * @param units                number of units summed (examples for per-example, batches for per-batch)
 * @param importance           rawSum / units
 * @param normalizedImportance after the request's normalisations (per-layer L2, global min-max)
 * @param attentionEntropy     mean attention entropy of the head (nats)
 */
public record HeadImportanceScored(String experimentId, ModelVariant variant, String task, int layer, int head,
                                   double rawSum, long units, double importance, double normalizedImportance,
                                   double attentionEntropy) implements HeadcountEvent {
    private static final String TYPE = "HeadImportanceScored";

    public HeadImportanceScored {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "variant", variant);
        RequiredFields.text(TYPE, "task", task);
        RequiredFields.nonNegative(TYPE, "layer", layer);
        RequiredFields.nonNegative(TYPE, "head", head);
        RequiredFields.nonNegative(TYPE, "units", units);
    }

    public HeadId headId() {
        return new HeadId(layer, head);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, variant, task, layer, head);
    }

    @Override
    public String key() {
        return Topics.key(experimentId, variant, task);
    }

    @Override
    public String topic() {
        return Topics.HEAD_IMPORTANCE;
    }
}
