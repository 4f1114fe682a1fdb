package dev.headcount.events;

/**
 * One unit of scoring work: shard {@code shard} of {@code shards} of the importance map of {@code task} on
 * {@code variant}. Self-contained, so any scorer replica can take it. Shard {@code i} scores examples
 * {@code i, i + shards, i + 2·shards, …} of the first {@code examples} (after the seeded shuffle), so the sum
 * of the shards is the same map whatever the number of shards.
 *
 * @param model      what to load: the request's model for {@code pretrained}, else the variant's artifact URI
 * @param task       the task with its data location
 * @param examples   examples scored in all shards together
 * @param maxLength  tokens per example
 */
public record ScoringRequested(String experimentId, ModelVariant variant, TaskSpec task, String model,
                               ImportanceOptions importance, int examples, int maxLength, long seed,
                               int shard, int shards) implements HeadcountEvent {
    private static final String TYPE = "ScoringRequested";

    public ScoringRequested {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "variant", variant);
        RequiredFields.present(TYPE, "task", task);
        RequiredFields.text(TYPE, "model", model);
        importance = importance == null ? ImportanceOptions.DEFAULTS : importance;
        if (examples <= 0) {
            throw new InvalidEventException(TYPE, "examples", "must be > 0, was " + examples);
        }
        if (maxLength <= 0) {
            throw new InvalidEventException(TYPE, "maxLength", "must be > 0, was " + maxLength);
        }
        if (shards <= 0 || shard < 0 || shard >= shards) {
            throw new InvalidEventException(TYPE, "shard", "must be in [0, shards) with shards > 0, was "
                    + shard + " of " + shards);
        }
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, variant, task.name(), shard, shards);
    }

    @Override
    public String key() {
        return Topics.key(experimentId, variant, task.name(), shard);
    }

    @Override
    public String topic() {
        return Topics.SCORING_JOBS;
    }
}
