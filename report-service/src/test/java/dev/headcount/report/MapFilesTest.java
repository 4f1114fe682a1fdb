package dev.headcount.report;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.report.store.Collections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A version-2 {@code ImportanceMapCompleted} carries no matrices: the service reads them from the file the event
 * names when it aggregates the event, and stores them. A file that is missing fails as I/O (tried again by the shared
 * record path, then given up), a file that is not the one announced as bad input (dead-lettered at once); both name
 * the file's URI, and nothing is stored. The service's own event handler against the real MongoDB-wire server of
 * the local stack and the artifact store it is configured with.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class MapFilesTest {
    @Inject
    ExperimentService service;
    @Inject
    MongoClient mongo;
    @ConfigProperty(name = "headcount.mongodb.database")
    String database;
    @ConfigProperty(name = "headcount.artifact-root")
    String artifactRoot;

    @Test
    void theMatricesComeFromTheNamedFile() throws Exception {
        TinyExperiment tiny = requested("exp-map-file-");
        ImportanceMapCompleted published = tiny.publishedMap(store(), TinyExperiment.SPAM);
        assertFalse(published.carriesMatrices());

        service.handle(published, 0, 0);

        Document doc = mongo.getDatabase(database).getCollection(Collections.IMPORTANCE)
                .find(Filters.eq("experimentId", tiny.experimentId)).first();
        ImportanceMapCompleted expected = tiny.map(TinyExperiment.SPAM);
        assertEquals(expected.rawSums(), doc.get("rawSums"));
        // BSON keeps a count that fits as an int32: compare the numbers
        assertEquals(expected.counts(), doc.getList("counts", java.util.List.class).stream()
                .map(row -> ((java.util.List<?>) row).stream().map(n -> ((Number) n).longValue()).toList()).toList());
        assertEquals(expected.normalizedImportance(), doc.get("normalizedImportance"));
        assertEquals(expected.attentionEntropy(), doc.get("attentionEntropy"));
        assertEquals(published.sha256(), doc.getString("sha256"));
        assertEquals(published.artifactUri(), doc.getString("artifactUri"));
        // the report is built from what is stored: the maps have their matrices without the file
        Files.delete(Path.of(URI.create(published.artifactUri())));
        ImportanceMapCompleted snapshotMap = service.snapshot(tiny.experimentId).orElseThrow().maps().get(0);
        assertEquals(expected.rawSums(), snapshotMap.rawSums());
        assertEquals(expected.provenance(), snapshotMap.provenance());
    }

    @Test
    void aMissingFileIsNamedAndNothingIsStored() throws Exception {
        TinyExperiment tiny = requested("exp-map-missing-");
        ImportanceMapCompleted published = tiny.publishedMap(store(), TinyExperiment.SPAM);
        Files.delete(Path.of(URI.create(published.artifactUri())));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> service.handle(published, 0, 0));
        assertTrue(e.getMessage().startsWith("the map file " + published.artifactUri() + " announced by "
                + "ImportanceMapCompleted " + tiny.experimentId + "/finetuned/builtin/spam/builtin/spam does not "
                + "exist"), e.getMessage());
        assertEquals(0, stored(tiny));
    }

    @Test
    void aFileThatIsNotTheAnnouncedOneIsRefused() throws Exception {
        TinyExperiment tiny = requested("exp-map-changed-");
        ImportanceMapCompleted published = tiny.publishedMap(store(), TinyExperiment.SPAM);
        // the file replaced after the event was published (one more space: the same numbers, other bytes)
        Path file = Path.of(URI.create(published.artifactUri()));
        Files.writeString(file, Files.readString(file) + " ");

        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                () -> service.handle(published, 0, 0));
        assertTrue(changed.getMessage().contains(published.artifactUri()), changed.getMessage());
        assertTrue(changed.getMessage().contains("the event announced " + published.sha256()), changed.getMessage());

        // the digest of the pre-training map's file, announced as the spam map: read, compared, refused
        ImportanceMapCompleted sotu = tiny.publishedMap(store(), TinyExperiment.PRETRAINING);
        ImportanceMapCompleted swapped = new ImportanceMapCompleted(tiny.experimentId, published.variant(),
                published.task(), published.granularity(), published.layers(), published.heads(), sotu.artifactUri(),
                sotu.sha256(), published.provenance());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> service.handle(swapped, 0, 0));
        assertTrue(other.getMessage().startsWith("the map file " + sotu.artifactUri()), other.getMessage());
        assertTrue(other.getMessage().contains("variant is pretrained in the file, finetuned/builtin/spam in the "
                + "event"), other.getMessage());
        assertEquals(0, stored(tiny));

        // as it travels: the event JSON, read back, is refused the same way
        ImportanceMapCompleted again = EventJson.fromJson(EventJson.toJson(published), ImportanceMapCompleted.class);
        assertThrows(IllegalArgumentException.class, () -> service.handle(again, 0, 0));
    }

    private DirectoryArtifactStore store() {
        return new DirectoryArtifactStore(Path.of(artifactRoot));
    }

    private TinyExperiment requested(String prefix) {
        TinyExperiment tiny = new TinyExperiment(prefix + UUID.randomUUID().toString().substring(0, 8));
        service.handle(tiny.requested(), 0, 0);
        return tiny;
    }

    private long stored(TinyExperiment tiny) {
        return mongo.getDatabase(database).getCollection(Collections.IMPORTANCE)
                .countDocuments(Filters.eq("experimentId", tiny.experimentId));
    }
}
