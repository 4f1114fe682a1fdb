package dev.headcount.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version 2 of {@link ImportanceMapCompleted}: the map's numbers travel in its file, the event says which map and
 * where, with the file's digest; version 1 (matrices in the event) stays readable.
 */
class ImportanceMapCompletedTest {
    private static final ModelVariant SPAM = ModelVariant.finetuned("builtin/spam");

    @Test
    void versionTwoCarriesNoMatrices() throws Exception {
        ImportanceMapCompleted event = example();
        JsonNode tree = EventJson.mapper().readTree(EventJson.toJson(event));
        assertEquals(2, tree.get("schemaVersion").asInt());
        assertEquals(12, tree.get("layers").asInt());
        assertEquals(12, tree.get("heads").asInt());
        assertEquals(event.sha256(), tree.get("sha256").asText());
        for (String matrix : List.of("rawSums", "counts", "normalizedImportance", "attentionEntropy")) {
            assertFalse(tree.has(matrix), matrix + " travels in the file, not the event");
        }
        assertFalse(event.carriesMatrices());
        assertEquals(event, EventJson.fromJson(EventJson.toJson(event)));
    }

    @Test
    void versionOneStaysReadable() {
        ImportanceMapCompleted v1 = EventJson.fromJson(EventExamples.importanceMapVersion1(),
                ImportanceMapCompleted.class);
        assertTrue(v1.carriesMatrices());
        assertEquals(2, v1.layers());
        assertEquals(2, v1.heads());
        assertNull(v1.sha256());
        assertEquals(List.of(List.of(12.5, 3.25), List.of(0.75, 8.0)), v1.rawSums());
        assertEquals(List.of(List.of(512L, 512L), List.of(512L, 512L)), v1.counts());
        assertEquals(0.68, v1.normalizedImportance().get(1).get(1));
        // written again (as the report-service stores what it read) it is version 2 with the matrices, readable too
        assertEquals(v1, EventJson.fromJson(EventJson.toJson(v1)));
    }

    @Test
    void aVersionOneEventWithoutItsMatricesIsNamed() throws Exception {
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventExamples.importanceMapVersion1());
        tree.remove("rawSums");
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(tree.toString()));
        assertEquals("ImportanceMapCompleted.rawSums: is required in version 1 (layers × heads)", e.getMessage());

        ObjectNode half = (ObjectNode) EventJson.mapper().readTree(EventExamples.importanceMapVersion1());
        half.remove("counts");
        e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(half.toString()));
        assertEquals("counts", e.field(), e.getMessage());
    }

    @Test
    void versionTwoNeedsShapeAndDigest() throws Exception {
        ObjectNode noDigest = (ObjectNode) EventJson.mapper().readTree(EventJson.toJson(example()));
        noDigest.remove("sha256");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventJson.fromJson(noDigest.toString()));
        assertEquals("sha256", e.field(), e.getMessage());

        ObjectNode badDigest = (ObjectNode) EventJson.mapper().readTree(EventJson.toJson(example()));
        badDigest.put("sha256", "ABC");
        e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(badDigest.toString()));
        assertTrue(e.getMessage().startsWith("ImportanceMapCompleted.sha256: must be 64 lowercase hex digits"),
                e.getMessage());

        ObjectNode noLayers = (ObjectNode) EventJson.mapper().readTree(EventJson.toJson(example()));
        noLayers.remove("layers");
        e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(noLayers.toString()));
        assertEquals("ImportanceMapCompleted.layers: must be >= 1, was 0", e.getMessage());

        ObjectNode newer = (ObjectNode) EventJson.mapper().readTree(EventJson.toJson(example()));
        newer.put("schemaVersion", 3);
        e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(newer.toString()));
        assertEquals("ImportanceMapCompleted.schemaVersion: version 3 is newer than this code reads (2): "
                + "upgrade the consumer", e.getMessage());
    }

    @Test
    void theAnnouncedFileGivesTheMatrices(@TempDir Path root) throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        ImportanceMapFile file = mapFile("builtin/spam", 3, 4, 7);
        ImportanceMapCompleted event = publish(store, file);

        ImportanceMapCompleted read = ImportanceMapFile.readAnnounced(store, event);
        assertTrue(read.carriesMatrices());
        assertEquals(event.eventId(), read.eventId());
        assertEquals(event.sha256(), read.sha256());
        for (int l = 0; l < 3; l++) {
            for (int h = 0; h < 4; h++) {
                assertEquals(file.rawSums()[l][h], read.rawSums().get(l).get(h));
                assertEquals(file.units(), read.counts().get(l).get(h));
                assertEquals(file.normalizedImportance()[l][h], read.normalizedImportance().get(l).get(h));
                assertEquals(file.attentionEntropy()[l][h], read.attentionEntropy().get(l).get(h));
            }
        }
        // as the report-service stores it and reads it back
        assertEquals(read, EventJson.fromJson(EventJson.toJson(read)));
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path root) throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        ImportanceMapCompleted event = publish(store, mapFile("builtin/spam", 3, 4, 7));
        Files.delete(store.localPath(URI.create(event.artifactUri())));
        IOException e = assertThrows(IOException.class, () -> ImportanceMapFile.readAnnounced(store, event));
        assertTrue(e.getMessage().startsWith("the map file " + event.artifactUri() + " announced by "
                + "ImportanceMapCompleted exp-1/finetuned/builtin/spam/builtin/spam does not exist"), e.getMessage());
    }

    @Test
    void aFileChangedAfterTheEventIsRefused(@TempDir Path root) throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        ImportanceMapCompleted event = publish(store, mapFile("builtin/spam", 3, 4, 7));
        // another scoring of the same map (other seed) replaced the file the event announced
        mapFile("builtin/spam", 3, 4, 8).write(store);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFile.readAnnounced(store, event));
        assertTrue(e.getMessage().contains(event.artifactUri()), e.getMessage());
        assertTrue(e.getMessage().contains("the event announced " + event.sha256()), e.getMessage());
    }

    @Test
    void aFileOfAnotherMapIsRefused(@TempDir Path root) throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        ImportanceMapFile other = mapFile("builtin/sotu", 3, 4, 7);
        URI uri = other.write(store);
        // an event (digest right) whose file holds another task's map: a mixed-up store or a forged event
        ImportanceMapCompleted event = new ImportanceMapCompleted("exp-1", SPAM, "builtin/spam",
                Granularity.PER_EXAMPLE, 3, 4, uri.toString(), ImportanceMapFile.sha256(store, uri), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFile.readAnnounced(store, event));
        assertEquals("the map file " + uri + " announced by ImportanceMapCompleted exp-1/finetuned/builtin/spam/"
                + "builtin/spam does not match it: task is builtin/sotu in the file, builtin/spam in the event",
                e.getMessage());

        ImportanceMapFile small = mapFile("builtin/spam", 2, 4, 7);
        URI smallUri = small.write(store);
        ImportanceMapCompleted wrongShape = new ImportanceMapCompleted("exp-1", SPAM, "builtin/spam",
                Granularity.PER_EXAMPLE, 3, 4, smallUri.toString(), ImportanceMapFile.sha256(store, smallUri), null);
        e = assertThrows(IllegalArgumentException.class, () -> ImportanceMapFile.readAnnounced(store, wrongShape));
        assertTrue(e.getMessage().endsWith("layers × heads is 2 × 4 in the file, 3 × 4 in the event"),
                e.getMessage());

        ImportanceMapCompleted outside = new ImportanceMapCompleted("exp-1", SPAM, "builtin/spam",
                Granularity.PER_EXAMPLE, 3, 4, "file:/elsewhere/map.json", ImportanceMapFile.sha256(store, uri), null);
        e = assertThrows(IllegalArgumentException.class, () -> ImportanceMapFile.readAnnounced(store, outside));
        assertTrue(e.getMessage().startsWith("the map file file:/elsewhere/map.json announced by"), e.getMessage());
        assertTrue(e.getMessage().contains("is not in this artifact store"), e.getMessage());
    }

    /**
     * The event's size on the wire, before (version 1, matrices) and after (version 2), for a BERT-base map
     * (12 × 12) and a BERT-large one (24 × 16), with full-precision doubles as the engine writes them.
     */
    @Test
    void versionTwoDoesNotGrowWithTheMap() throws Exception {
        int[][] shapes = {{12, 12}, {24, 16}};
        int[] v1 = new int[shapes.length];
        int[] v2 = new int[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            int layers = shapes[i][0];
            int heads = shapes[i][1];
            ImportanceMapFile file = new ImportanceMapFile(EventExamples.EXPERIMENT, SPAM, "builtin/spam",
                    Granularity.PER_EXAMPLE, 512, matrix(layers, heads, 1, 50.0), matrix(layers, heads, 2, 9000.0),
                    30_000, 512, true, true, matrix(layers, heads, 3, 1.0), matrix(layers, heads, 4, 3.0), null,
                    bertProvenance());
            String uri = "file:/var/headcount/artifacts/" + EventExamples.EXPERIMENT
                    + "/finetuned/builtin/spam/importance/builtin/spam.json";
            ImportanceMapCompleted slim = ImportanceMapCompleted.announcing(file, uri, ImportanceMapFile.sha256(
                    "map".getBytes(StandardCharsets.UTF_8)));
            ImportanceMapCompleted full = slim.withMatrices(file);
            v1[i] = versionOne(full).getBytes(StandardCharsets.UTF_8).length;
            v2[i] = EventJson.toJson(slim).getBytes(StandardCharsets.UTF_8).length;
            System.out.printf("ImportanceMapCompleted %d × %d: with matrices %d bytes, version 2 %d bytes%n",
                    layers, heads, v1[i], v2[i]);
        }
        // the slim event differs only in the digits of layers and heads
        assertTrue(Math.abs(v2[1] - v2[0]) <= 2, v2[0] + " vs " + v2[1]);
        assertTrue(v1[1] > 2 * v1[0] - v2[0], "the matrices grow with layers × heads: " + v1[0] + " vs " + v1[1]);
        assertTrue(v2[0] < v1[0] / 4, v2[0] + " vs " + v1[0]);
    }

    /** The event as version 1 wrote it: the matrices, without layers, heads and digest. */
    private static String versionOne(ImportanceMapCompleted full) throws Exception {
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventJson.toJson(full));
        tree.remove(List.of("layers", "heads", "sha256"));
        tree.put("schemaVersion", 1);
        String json = EventJson.mapper().writeValueAsString(tree);
        ImportanceMapCompleted read = EventJson.fromJson(json, ImportanceMapCompleted.class);
        assertTrue(read.rawSums().equals(full.rawSums()) && read.attentionEntropy().equals(full.attentionEntropy())
                && read.sha256() == null, "read back as version 1");
        return json;
    }

    private static ImportanceMapCompleted example() {
        return (ImportanceMapCompleted) EventExamples.all().stream().filter(ImportanceMapCompleted.class::isInstance)
                .findFirst().orElseThrow();
    }

    /** Writes the file and builds the event announcing it, as the scorer does. */
    private static ImportanceMapCompleted publish(ArtifactStore store, ImportanceMapFile file) throws IOException {
        URI uri = file.write(store);
        return ImportanceMapCompleted.announcing(file, uri.toString(), ImportanceMapFile.sha256(store, uri));
    }

    private static ImportanceMapFile mapFile(String task, int layers, int heads, long seed) {
        return new ImportanceMapFile("exp-1", SPAM, task, Granularity.PER_EXAMPLE, 64,
                matrix(layers, heads, seed, 10.0), matrix(layers, heads, seed + 1, 500.0), 900, 64, true, true,
                matrix(layers, heads, seed + 2, 1.0), matrix(layers, heads, seed + 3, 3.0), null, null);
    }

    private static double[][] matrix(int layers, int heads, long seed, double scale) {
        Random random = new Random(seed);
        double[][] values = new double[layers][heads];
        for (double[] row : values) {
            for (int h = 0; h < heads; h++) {
                row[h] = random.nextDouble() * scale;
            }
        }
        return values;
    }

    /** As a scorer records it for bert-base-uncased: real-length digests of its three files. */
    private static Provenance bertProvenance() {
        String digest = "9b2f1c0d4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e";
        return new Provenance(new Provenance.Model("builtin:bert-base-uncased", digest, List.of(
                new Provenance.FileDigest("config.json", 570, digest),
                new Provenance.FileDigest("model.safetensors", 440_449_768, digest),
                new Provenance.FileDigest("tokenizer.json", 466_062, digest)), null),
                List.of(new Provenance.Data("builtin/spam", "train", 42, 512, digest)),
                Map.of("granularity", "per-example", "albertMask", "per-pass", "maxLength", "128", "batchSize", "8",
                        "scoringExamples", "512", "devCap", "500", "normalizePerLayer", "true",
                        "normalizeGlobal", "true"),
                new Provenance.Code("0.1.0-SNAPSHOT", "1ffa369e0b1c6b1f3f8e2f4c3d2a1b0c9d8e7f6a", false),
                new Provenance.Platform("0.36.0", "2.7.1", "cpu()", 2, "17.0.17", "Linux amd64"));
    }
}
