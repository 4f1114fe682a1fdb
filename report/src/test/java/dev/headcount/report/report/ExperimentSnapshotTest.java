package dev.headcount.report.report;

import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.report.TinyExperiment;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ImportanceMapFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report does not depend on the order results arrive in: the report-service reads them from MongoDB by id and
 * the in-process run holds them in the order its units ran, and both must write the same report.
 */
class ExperimentSnapshotTest {
    private final TinyExperiment tiny = new TinyExperiment("exp-order");

    private ExperimentSnapshot snapshot(List<ImportanceMapCompleted> maps, List<MaskedModelEvaluated> evaluations,
                                        List<ModelFineTuned> fineTunes) {
        return new ExperimentSnapshot(tiny.experimentId, "completed", Instant.parse("2025-05-01T09:30:00Z"),
                Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan, maps, evaluations, fineTunes,
                Completion.expected(tiny.plan));
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> out = new ArrayList<>(list);
        Collections.reverse(out);
        return out;
    }

    private static <T> List<T> shuffled(List<T> list, long seed) {
        List<T> out = new ArrayList<>(list);
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    @Test
    void resultsInAnyOrderGiveTheSameReport() {
        ExperimentSnapshot inOrder = snapshot(tiny.maps(), tiny.evaluations(), tiny.fineTunes());
        String expected = ReportJson.write(ReportBuilder.build(inOrder));
        for (long seed = 1; seed <= 3; seed++) {
            List<MaskedModelEvaluated> evaluations = shuffled(tiny.evaluations(), seed);
            // the shuffle must change something, or the test proves nothing
            assertNotEquals(tiny.evaluations(), evaluations);
            ExperimentSnapshot mixed = snapshot(reversed(tiny.maps()), evaluations, reversed(tiny.fineTunes()));
            assertEquals(inOrder.maps(), mixed.maps());
            assertEquals(inOrder.evaluations(), mixed.evaluations());
            assertEquals(inOrder.fineTunes(), mixed.fineTunes());
            assertEquals(expected, ReportJson.write(ReportBuilder.build(mixed)), "seed " + seed);
        }
    }

    @Test
    void aMapWithoutItsMatricesIsRefusedNamingItsFile(@TempDir Path root) throws Exception {
        ImportanceMapCompleted published = tiny.publishedMap(new DirectoryArtifactStore(root), TinyExperiment.SPAM);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> snapshot(List.of(tiny.map(TinyExperiment.PRETRAINING), published), tiny.evaluations(),
                        tiny.fineTunes()));
        assertTrue(e.getMessage().contains(published.artifactUri()), e.getMessage());
        // read from its file, the same map makes the same report as the map with its matrices
        ImportanceMapCompleted read = ImportanceMapFile.readAnnounced(new DirectoryArtifactStore(root), published);
        assertEquals(ReportJson.write(ReportBuilder.build(snapshot(tiny.maps(), tiny.evaluations(), tiny.fineTunes()))),
                ReportJson.write(ReportBuilder.build(snapshot(List.of(tiny.map(TinyExperiment.PRETRAINING), read),
                        tiny.evaluations(), tiny.fineTunes()))));
    }
}
