package dev.headcount.events;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /**
     * The map an {@link ImportanceMapCompleted} announces, read from its {@code artifactUri} and checked against it:
     * the bytes against {@code sha256}, then experiment, variant, task, granularity, shape and provenance
     * ({@link ImportanceMapCompleted#withMatrices}). Returns the event with the file's matrices.
     *
     * @throws IOException              naming the URI, when the file is missing or unreadable (may pass: a store
     *                                  that has not shown the file yet)
     * @throws IllegalArgumentException naming the URI, when the file is not the one announced (will not pass)
     */
    public static ImportanceMapCompleted readAnnounced(ArtifactStore store, ImportanceMapCompleted event)
            throws IOException {
        return event.withMatrices(readAnnouncedFile(store, event));
    }

    /**
     * The file an {@link ImportanceMapCompleted} announces, its bytes checked against the event's {@code sha256}
     * (when it has one: version 1 has none), not yet compared with the event's fields.
     *
     * @throws IOException              naming the URI, when the file is missing or unreadable
     * @throws IllegalArgumentException naming the URI, when the bytes are not the ones announced or not a map
     */
    public static ImportanceMapFile readAnnouncedFile(ArtifactStore store, ImportanceMapCompleted event)
            throws IOException {
        String where = "the map file " + event.artifactUri() + " announced by ImportanceMapCompleted "
                + event.experimentId() + "/" + event.variant() + "/" + event.task();
        Path file;
        try {
            file = store.localPath(URI.create(event.artifactUri()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not in this artifact store: " + e.getMessage(), e);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(where + " does not exist (" + file + ")", e);
        } catch (IOException e) {
            throw new IOException(where + " is not readable: " + e.getMessage(), e);
        }
        String digest = sha256(bytes);
        if (event.sha256() != null && !event.sha256().equals(digest)) {
            throw new IllegalArgumentException(where + " does not match it: its SHA-256 is " + digest
                    + ", the event announced " + event.sha256() + " (the file was replaced or changed after the"
                    + " event was published)");
        }
        ImportanceMapFile map;
        try {
            map = EventJson.mapper().readValue(bytes, ImportanceMapFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not an importance map: " + e.getMessage(), e);
        }
        return map;
    }

    /** Lowercase hex SHA-256 of a stored map file's bytes: what {@link ImportanceMapCompleted#sha256} carries. */
    public static String sha256(ArtifactStore store, URI uri) throws IOException {
        return sha256(Files.readAllBytes(store.localPath(uri)));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
