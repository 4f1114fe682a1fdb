package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.engine.provenance.ModelFingerprint;
import dev.headcount.engine.importance.Granularity;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.importance.Normalization;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ModelVariant;
import dev.headcount.pipeline.ScoringJob;
import dev.headcount.events.Provenance;
import dev.headcount.engine.model.EncoderModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finetune --prune-by on the built-in MiniLM and a tiny slice of a built-in task, with a map as a service run
 * stores it ({@code <artifact-root>/<experiment>/<variant>/importance-<task>.json}).
 */
class FinetuneCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prunesByImportanceThenFineTunesIntoALoadableModel(@TempDir Path dir) throws Exception {
        double[][] importance = new double[6][12];
        for (int l = 0; l < 6; l++) {
            for (int h = 0; h < 12; h++) {
                // heads 0-5 of every layer are least important, also after per-layer normalisation (at most
                // 0.5/√6.55 ≈ 0.20 against at least 1/√6.55 ≈ 0.39)
                importance[l][h] = h < 6 ? 0.1 * h : 1 + l;
            }
        }
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ScoringJob.mapFile("exp-1", ModelVariant.pretrained(), "builtin/sotu-pairs",
                new ImportanceMap(Granularity.PER_EXAMPLE, importance, 10, new double[6][12], 0), 10,
                Normalization.DEFAULT, null).write(store);
        Path map = store.localPath(ArtifactLayout.importanceMap(store, "exp-1", ModelVariant.pretrained(),
                "builtin/sotu-pairs"));
        Path out = dir.resolve("model");
        int code = Headcount.commandLine().execute("finetune", "--model", "builtin:all-MiniLM-L6-v2",
                "--task", "builtin/lt-acceptability", "--prune-by", map.toString(), "--fraction", "0.5",
                "--train-size", "48", "--dev-size", "32", "--epochs", "1", "--max-length", "32", "--batch-size", "16",
                "--out", out.toString());
        assertEquals(0, code);
        JsonNode training = JSON.readTree(out.resolve("training.json").toFile());
        assertEquals(48, training.get("train_examples").asInt());
        assertTrue(training.get("evaluations").size() >= 1);
        Provenance provenance = EventJson.mapper().treeToValue(training.get("provenance"), Provenance.class);
        Task data = TaskRegistry.fromEnvironment().load("builtin/lt-acceptability", new LoadOptions(48, 32, 42));
        assertEquals(ExampleFingerprint.of(data.train()), provenance.data("train").orElseThrow().sha256());
        assertEquals(ExampleFingerprint.of(data.dev()), provenance.data("dev").orElseThrow().sha256());
        assertEquals(ModelFingerprint.of(ModelSource.resolve("builtin:all-MiniLM-L6-v2")).sha256(),
                provenance.model().sha256(), "the model it started from");
        assertEquals(map.toAbsolutePath().toString(), provenance.option("pruneBy"));
        assertEquals("0.5", provenance.option("fraction"));
        assertEquals("16", provenance.option("batchSize"));
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel m = ModelDirectory.load(out, manager)) {
            assertEquals(36, m.remainingHeads(), "half of the 72 heads are gone");
            for (int l = 0; l < 6; l++) {
                assertEquals(6, m.config().keptHeads(l)[0], "heads 0-5 of layer " + l + " were the least important");
            }
            assertEquals(2, m.config().numLabels());
        }
    }
}
