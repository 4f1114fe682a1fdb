package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.importance.Granularity;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.importance.Normalization;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ModelVariant;
import dev.headcount.pipeline.ScoringJob;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line reads a map from a service run's artifact store, and still the older command-line document. */
class ImportanceMapFilesTest {

    /** Raw sums whose per-layer normalisation reverses the order of heads (0,0) and (1,0). */
    private static final double[][] RAW = {{1.0, 3.0}, {10.0, 40.0}};

    @Test
    void aMapFromTheArtifactStoreRanksAsThePrunerRanksIt(@TempDir Path dir) throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir);
        ImportanceMap engineMap = new ImportanceMap(Granularity.PER_EXAMPLE, RAW, 4, new double[][] {{2, 2}, {2, 2}},
                8, new float[][] {{1, 1, 1, 1}, {0, 1, 3, 13}, {0, 1, 3, 13}, {0, 0, 3, 13}});
        ImportanceMapFile written = ScoringJob.mapFile("exp-1", ModelVariant.finetuned("builtin/spam"),
                "builtin/spam", engineMap, 4, Normalization.DEFAULT, null);
        written.write(store);
        Path file = store.localPath(ArtifactLayout.importanceMap(store, "exp-1",
                ModelVariant.finetuned("builtin/spam"), "builtin/spam"));
        assertTrue(Files.isRegularFile(file), "written where the services keep it: " + file);

        ImportanceMapFile read = ImportanceMapFiles.read(file);
        assertEquals("exp-1", read.experimentId());
        assertEquals(4, read.units());
        assertArrayEquals(RAW, read.rawSums());
        ImportanceMapFiles.PruneOrder order = ImportanceMapFiles.pruneOrder(file);
        assertEquals("normalizedImportance", order.field());
        double[][] expected = engineMap.normalized(Normalization.DEFAULT);
        assertArrayEquals(expected, order.values(), "ranked by the normalised map, as PruningJob ranks");
        // per layer L2 (then global min-max): (1,0) = 10/√1700 ≈ 0.24 falls below (0,0) = 1/√10 ≈ 0.32, the reverse
        // of the raw order (10 > 1); a reader that ranked by the raw sums would fail here
        assertTrue(order.values()[1][0] < order.values()[0][0], java.util.Arrays.deepToString(order.values()));
    }

    @Test
    void aMapTheImportanceCommandWroteBeforeIsStillRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("map.json");
        Files.writeString(file, """
                {"model": "builtin:all-MiniLM-L6-v2", "objective": "contrastive", "granularity": "per-example",
                 "units": 4, "abs_gradient_sum": [[4.0, 12.0], [40.0, 160.0]],
                 "importance": [[1.0, 3.0], [10.0, 40.0]],
                 "importance_normalized": [[0.0, 1.0], [0.1, 0.9]]}
                """);
        ImportanceMapFiles.PruneOrder order = ImportanceMapFiles.pruneOrder(file);
        assertEquals("importance (older format)", order.field());
        assertArrayEquals(RAW, order.values(), "the field --prune-by always ranked by");
        IllegalArgumentException strict = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFiles.read(file));
        assertTrue(strict.getMessage().startsWith(file + " is not an importance map"), strict.getMessage());
    }

    @Test
    void aFileInNeitherFormatIsNamedWithWhatWasExpected(@TempDir Path dir) throws Exception {
        Path other = dir.resolve("mask.json");
        Files.writeString(other, "{\"heads\": [[1, 0]]}");
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFiles.pruneOrder(other));
        assertTrue(neither.getMessage().contains(other.toString()) && neither.getMessage().contains("normalizedImportance")
                && neither.getMessage().contains("'importance' array"), neither.getMessage());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"rawSums\": [[1.0,\n}");
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFiles.pruneOrder(broken));
        assertTrue(notJson.getMessage().startsWith(broken + " is not JSON (line 3)"), notJson.getMessage());

        Path ragged = dir.resolve("ragged.json");
        Files.writeString(ragged, "{\"rawSums\": [[1.0, 2.0], [3.0, 4.0]],"
                + " \"normalizedImportance\": [[0.0, 1.0], [0.5]]}");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFiles.pruneOrder(ragged));
        assertEquals(ragged + ": normalizedImportance[1] has 1 values, row 0 has 2", shape.getMessage());

        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"rawSums\": [[1.0, 2.0]], \"normalizedImportance\": [[0.0, 1.0]]}");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFiles.pruneOrder(partial));
        assertEquals(partial + ": importance map without 'units'", missing.getMessage());

        Path nan = dir.resolve("nan.json");
        Files.writeString(nan, "{\"importance\": [[1.0, \"x\"]]}");
        IllegalArgumentException cell = assertThrows(IllegalArgumentException.class,
                () -> ImportanceMapFiles.pruneOrder(nan));
        assertEquals(nan + ": importance[0][1] is not a finite number: \"x\"", cell.getMessage());
    }
}
