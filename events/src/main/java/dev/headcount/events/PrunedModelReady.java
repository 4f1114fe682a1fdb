package dev.headcount.events;

import java.util.List;

/**
 * The pretrained model, physically pruned at {@code fraction} by {@code ranking} (the pre-training
 * task's importance), is saved: the finetune-service fine-tunes it on each downstream task.
 *
 * @param artifactUri {@code file:} URI of the pruned checkpoint directory
 * @param prunedHeads the heads removed
 */
public record PrunedModelReady(String experimentId, Ranking ranking, double fraction, String artifactUri,
                               List<HeadId> prunedHeads) implements HeadcountEvent {
    private static final String TYPE = "PrunedModelReady";

    public PrunedModelReady {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "ranking", ranking);
        RequiredFields.fraction(TYPE, "fraction", fraction);
        RequiredFields.text(TYPE, "artifactUri", artifactUri);
        prunedHeads = RequiredFields.list(prunedHeads);
    }

    /** {@code pruned/<ranking>/<fraction>}. */
    public ModelVariant variant() {
        return ModelVariant.pruned(ranking, fraction);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, variant());
    }

    @Override
    public String key() {
        return Topics.key(experimentId, variant());
    }

    @Override
    public String topic() {
        return Topics.MODELS;
    }
}
