package dev.headcount.pipeline;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.Granularity;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Provenance;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The stored result of one scoring shard ({@code WorkUnit} of kind SCORE): the partial sums of batches
 * {@code [batchFrom, batchTo)} of the map's batch list, kept raw and in double precision so that the shards of a
 * map add up to exactly what the unsharded scoring sums ({@link ScoringJob#mergeShards}). Stored beside the map as
 * {@code importance-<task>.shard-<i>-of-<n>.json} ({@link #name}); a redelivered shard reads it back instead of
 * scoring again.
 *
 * @param batches       batches in the map's whole batch list (the same for every shard of the map)
 * @param units         units summed in this shard (examples for per-example, batches for per-batch)
 * @param rawSums       layers × heads, Σ |dL/dξ| over this shard's units
 * @param entropySums   layers × heads, Σ attention entropy over this shard's real query tokens
 * @param entropyTokens real query tokens behind {@code entropySums}
 * @param examples      examples in this shard's batches
 * @param unitRows      |dL/dξ| of each of this shard's units in scoring order (layer-major)
 * @param provenance    the model, the whole scoring data set (not only this shard's part of it) and the settings
 */
public record ImportanceShardFile(String experimentId, ModelVariant variant, String task, int shard, int shards,
                                  int batchFrom, int batchTo, int batches, Granularity granularity, long units,
                                  double[][] rawSums, double[][] entropySums, long entropyTokens, int examples,
                                  float[][] unitRows, Provenance provenance) {

    /** {@code importance-<task>.shard-<i>-of-<n>.json}: the map's file name with the shard before the extension. */
    public static String name(String task, int shard, int shards) {
        String map = ArtifactLayout.importanceMapName(task);
        return map.substring(0, map.length() - ".json".length()) + ".shard-" + shard + "-of-" + shards + ".json";
    }

    public static URI uri(ArtifactStore store, String experimentId, ModelVariant variant, String task, int shard,
                          int shards) {
        return store.uriOf(experimentId, variant, name(task, shard, shards));
    }

    /** Written atomically ({@link ArtifactStore#write}): a reader sees the whole shard or none. */
    public URI write(ArtifactStore store) throws IOException {
        return store.write(experimentId, variant, name(task, shard, shards),
                EventJson.mapper().writeValueAsBytes(this));
    }

    /** The stored shard, if it has been written; an {@link IOException} naming the file if it is another's. */
    public static Optional<ImportanceShardFile> read(ArtifactStore store, String experimentId, ModelVariant variant,
                                                     String task, int shard, int shards) throws IOException {
        Path file = store.localPath(uri(store, experimentId, variant, task, shard, shards));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ImportanceShardFile stored = EventJson.mapper().readValue(file.toFile(), ImportanceShardFile.class);
        if (!stored.experimentId().equals(experimentId) || !stored.variant().equals(variant)
                || !stored.task().equals(task) || stored.shard() != shard || stored.shards() != shards) {
            throw new IOException(file + " holds shard " + stored.shard() + " of " + stored.shards() + " of "
                    + stored.experimentId() + "/" + stored.variant() + "/" + stored.task() + ", not shard " + shard
                    + " of " + shards + " of " + experimentId + "/" + variant + "/" + task);
        }
        if (stored.unitRows() != null && stored.unitRows().length != stored.units()) {
            throw new IOException(file + ": " + stored.unitRows().length + " unitRows for units = " + stored.units());
        }
        return Optional.of(stored);
    }
}
