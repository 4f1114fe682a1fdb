package dev.headcount.events;

import java.util.List;

/**
 * The partial sums of one scoring shard. The scorer that owns the map's partition adds the shards (each
 * counted once, by shard number) and, when all {@code shards} are in, publishes the per-head events and
 * {@link ImportanceMapCompleted}.
 *
 * @param rawSums     layers × heads: sum of |dL/dξ| over this shard's units
 * @param counts      layers × heads: number of units (examples or batches) summed
 * @param entropySums layers × heads: sum over units of the mean attention entropy (nats)
 */
public record ImportanceShardScored(String experimentId, ModelVariant variant, String task, int shard, int shards,
                                    Granularity granularity, List<List<Double>> rawSums, List<List<Long>> counts,
                                    List<List<Double>> entropySums) implements HeadcountEvent {
    private static final String TYPE = "ImportanceShardScored";

    public ImportanceShardScored {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "variant", variant);
        RequiredFields.text(TYPE, "task", task);
        if (shards <= 0 || shard < 0 || shard >= shards) {
            throw new InvalidEventException(TYPE, "shard", "must be in [0, shards) with shards > 0, was "
                    + shard + " of " + shards);
        }
        RequiredFields.present(TYPE, "granularity", granularity);
        rawSums = RequiredFields.matrix(TYPE, "rawSums", rawSums);
        counts = RequiredFields.matrix(TYPE, "counts", counts);
        entropySums = RequiredFields.matrix(TYPE, "entropySums", entropySums);
        RequiredFields.sameShape(TYPE, "counts", counts, rawSums);
        RequiredFields.sameShape(TYPE, "entropySums", entropySums, rawSums);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, variant, task, shard, shards);
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
