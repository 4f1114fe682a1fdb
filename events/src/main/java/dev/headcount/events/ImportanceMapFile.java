package dev.headcount.events;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The JSON document of one importance map in the artifact store ({@link ArtifactLayout#importanceMap}): the raw
 * sums the engine produced (so shards and other normalisations can be redone), and the normalised importance and
 * mean attention entropy derived from them. One format for the scorer, the pruner, the report (which resamples
 * {@code unitRows} for its intervals) and the command line; DJL-free, so the report-service reads it too.
 *
 * @param units                 units summed (examples for per-example, batches for per-batch)
 * @param rawSums               layers × heads, Σ |dL/dξ|
 * @param entropySums           layers × heads, Σ attention entropy over real query tokens
 * @param entropyTokens         real query tokens behind {@code entropySums}
 * @param examples              examples scored
 * @param normalizedImportance  after {@code normalizePerLayer} / {@code normalizeGlobal}
 * @param attentionEntropy      entropySums / entropyTokens (nats)
 * @param unitRows              |dL/dξ| of each unit in scoring order, layers × heads flattened layer-major: what
 *                              bootstrap intervals and split-half reliability resample (null in older files)
 * @param provenance            what produced the map; {@code null} in files written before it was recorded
 */
public record ImportanceMapFile(String experimentId, ModelVariant variant, String task, Granularity granularity,
                                long units, double[][] rawSums, double[][] entropySums, long entropyTokens,
                                int examples, boolean normalizePerLayer, boolean normalizeGlobal,
                                double[][] normalizedImportance, double[][] attentionEntropy, float[][] unitRows,
                                Provenance provenance) {

    public int layers() {
        return rawSums.length;
    }

    public int heads() {
        return rawSums[0].length;
    }

    public URI write(ArtifactStore store) throws IOException {
        return store.write(experimentId, variant, ArtifactLayout.importanceMapName(task),
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    /** The stored map of {@code task} on {@code variant}, if it has been written. */
    public static Optional<ImportanceMapFile> read(ArtifactStore store, String experimentId, ModelVariant variant,
                                                   String task) throws IOException {
        Path file = store.localPath(ArtifactLayout.importanceMap(store, experimentId, variant, task));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ImportanceMapFile map = EventJson.mapper().readValue(file.toFile(), ImportanceMapFile.class);
        if (!map.experimentId().equals(experimentId) || !map.variant().equals(variant) || !map.task().equals(task)) {
            throw new IOException(file + " holds the map of " + map.experimentId() + "/" + map.variant() + "/"
                    + map.task() + ", not of " + experimentId + "/" + variant + "/" + task);
        }
        return Optional.of(map);
    }
}
