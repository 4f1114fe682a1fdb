package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.objective.Objectives;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.Granularity;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Provenance;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.engine.provenance.ModelFingerprint;
import dev.headcount.events.Progress;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.TaskSpec;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringJobTest {

    @TempDir
    Path dir;

    /** What the engine computes on its own from the same settings: the reference for the job's map. */
    static ImportanceMap engineMap(ExperimentPlan plan, String task, Path modelDir, TaskLoading tasks) throws Exception {
        ScoringJob.Settings s = ScoringJob.Settings.of(plan);
        Task loaded = tasks.load(TaskLoading.specOf(plan, task), s.loadOptions());
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelSource.open(modelDir.toString(), manager);
             TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), s.maxLength())) {
            var batches = TaskBatches.forTask(loaded.spec(), loaded.train(), tokenizer, s.batchSize(), s.seed());
            return s.estimator().estimate(model, Objectives.forKind(loaded.spec().kind()), batches, null);
        }
    }

    @Test
    void pretrainingMapEqualsTheEnginesAndBecomesOneCompletionEvent() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ExperimentPlan plan = new ExperimentPlan("exp-score", tiny.request());
        TaskLoading tasks = TaskLoading.fromEnvironment();
        List<Progress> progress = new ArrayList<>();

        ScoringJob.Result result = new ScoringJob(store, tasks, "scorer-service")
                .run(plan, ModelVariant.pretrained(), TinyExperiment.PRETRAINING, progress::add);

        ImportanceMap expected = engineMap(plan, TinyExperiment.PRETRAINING, tiny.pretrainedModel(), tasks);
        ImportanceMapFile map = result.map();
        assertFalse(result.reused());
        assertEquals(12, map.examples());
        assertEquals(expected.units(), map.units());
        assertEquals(12, map.units(), "per-example MLM: one unit per example");
        for (int l = 0; l < TinyExperiment.LAYERS; l++) {
            assertArrayEquals(expected.absGradientSum()[l], map.rawSums()[l], 1e-12);
            assertArrayEquals(expected.attentionEntropy()[l], map.attentionEntropy()[l], 1e-12);
            assertArrayEquals(expected.normalized(ScoringJob.Settings.of(plan).normalization())[l],
                    map.normalizedImportance()[l], 1e-12);
        }

        assertEquals(List.of(result.completed()), result.events(),
                "one event per map: the completion naming the file (no per-head events)");
        var completed = result.completed();
        assertEquals(Granularity.PER_EXAMPLE, completed.granularity());
        assertFalse(completed.carriesMatrices(), "the numbers travel in the file");
        assertEquals(TinyExperiment.LAYERS, completed.layers());
        assertEquals(map.heads(), completed.heads());
        assertTrue(Files.isRegularFile(Path.of(URI.create(completed.artifactUri()))));
        // the file the event names is the map, as the report-service reads it
        var read = dev.headcount.events.ImportanceMapFile.readAnnounced(store, completed);
        assertEquals(12L, read.counts().get(2).get(3));
        assertEquals(map.rawSums()[1][2], read.rawSums().get(1).get(2));
        assertEquals(result.withMatrices(), read);
        // every event survives its own JSON
        for (HeadcountEvent e : result.events()) {
            assertEquals(e.eventId(), EventJson.fromJson(EventJson.toJson(e)).eventId());
        }
        // provenance: the model's files and the exact train examples, the options that rebuild the settings
        Provenance provenance = completed.provenance();
        assertEquals(provenance, map.provenance());
        assertEquals(tiny.pretrainedModel().toString(), provenance.model().spec());
        assertEquals(ModelFingerprint.of(tiny.pretrainedModel()).sha256(), provenance.model().sha256());
        assertEquals(List.of("config.json", "model.safetensors", "tokenizer.json"),
                provenance.model().files().stream().map(Provenance.FileDigest::name).toList());
        ScoringJob.Settings settings = ScoringJob.Settings.of(plan);
        Task loaded = tasks.load(TaskLoading.specOf(plan, TinyExperiment.PRETRAINING), settings.loadOptions());
        Provenance.Data data = provenance.data("train").orElseThrow();
        assertEquals(ExampleFingerprint.of(loaded.train()), data.sha256());
        assertEquals(tiny.pretrainingSpec(), data.task());
        assertEquals(12, data.examples());
        assertEquals(7L, data.seed());
        assertEquals(settings, ScoringJob.Settings.of(provenance), "the settings come back from the provenance alone");
        assertEquals(Provenance.Code.current(), provenance.code());
        assertTrue(provenance.platform().threads() > 0);
        assertEquals(0, progress.get(0).done());
        assertEquals(12, progress.get(progress.size() - 1).done());
        assertEquals(12, progress.get(progress.size() - 1).total());
    }

    @Test
    void settingsFromAProvenanceNameWhatIsMissingOrMalformed() {
        ScoringJob.Settings settings = new ScoringJob.Settings(12, 16, 4, 7L,
                dev.headcount.engine.importance.Granularity.PER_BATCH, dev.headcount.engine.model.AlbertMaskMode.HF,
                new dev.headcount.engine.importance.Normalization(false, true), 8);
        java.util.function.Function<java.util.Map<String, String>, Provenance> with = options -> new Provenance(
                new Provenance.Model("m", "00", List.of(), null), List.of(), options,
                new Provenance.Code("v", "c", false), new Provenance.Platform("d", "p", "cpu()", 1, "j", "o"));
        assertEquals(settings, ScoringJob.Settings.of(with.apply(settings.options())));
        assertEquals("per-batch", settings.options().get("granularity"));
        assertEquals("hf", settings.options().get("albertMask"));

        var bad = new java.util.HashMap<>(settings.options());
        bad.put("granularity", "per-token");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ScoringJob.Settings.of(with.apply(bad)));
        assertEquals("provenance option granularity is 'per-token', not one of [per-example, per-batch]", e.getMessage());
        bad.put("granularity", "per-batch");
        bad.put("batchSize", "4.5");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ScoringJob.Settings.of(with.apply(bad)));
        assertEquals("provenance option batchSize must be an integer, was '4.5'", e.getMessage());
        bad.remove("batchSize");
        RuntimeException missing = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> ScoringJob.Settings.of(with.apply(bad)));
        assertTrue(missing.getMessage().contains("options.batchSize"), missing.getMessage());
    }

    @Test
    void anExistingMapIsReusedWithIdenticalEvents() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ExperimentPlan plan = new ExperimentPlan("exp-reuse", tiny.request());
        tiny.writeFineTuned(store, plan.experimentId());
        ScoringJob job = new ScoringJob(store, TaskLoading.fromEnvironment(), "scorer-service");
        ModelVariant finetuned = ModelVariant.finetuned(TinyExperiment.DOWNSTREAM);

        ScoringJob.Result first = job.run(plan, finetuned, TinyExperiment.DOWNSTREAM, null);
        ScoringJob.Result second = job.run(plan, finetuned, TinyExperiment.DOWNSTREAM, null);

        assertFalse(first.reused());
        assertTrue(second.reused());
        assertEquals(first.events().size(), second.events().size());
        for (int i = 0; i < first.events().size(); i++) {
            assertEquals(EventJson.toJson(first.events().get(i)), EventJson.toJson(second.events().get(i)));
        }
        ImportanceMap expected = engineMap(plan, TinyExperiment.DOWNSTREAM,
                store.localPath(dev.headcount.events.ArtifactLayout.model(store, plan.experimentId(), finetuned)),
                TaskLoading.fromEnvironment());
        for (int l = 0; l < TinyExperiment.LAYERS; l++) {
            assertArrayEquals(expected.absGradientSum()[l], second.map().rawSums()[l], 1e-12);
        }
        assertEquals(first.completed().provenance(), second.completed().provenance(), "read back with the map");
        assertEquals(first.completed().sha256(), second.completed().sha256(), "the same file, announced again");
        assertEquals(ModelFingerprint.of(store.localPath(dev.headcount.events.ArtifactLayout.model(store,
                plan.experimentId(), finetuned))).sha256(), second.completed().provenance().model().sha256());
    }

    /** The real built-in MiniLM (no MLM head) on the contrastive SOTU pairs: always scored per batch. */
    @Test
    void realMiniLmOnContrastivePairs() throws Exception {
        ExperimentRequest request = new ExperimentRequest("builtin:all-MiniLM-L6-v2",
                TaskSpec.parse("builtin/sotu-pairs"), List.of(TaskSpec.parse("builtin/lt-acceptability")),
                new SampleSizes(16, 16, 16), null, null, null, null,
                new FineTuneOptions(null, null, 8, 32, null, null), 42L);
        ExperimentPlan plan = new ExperimentPlan("exp-minilm", request);
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        TaskLoading tasks = TaskLoading.fromEnvironment();

        ScoringJob.Result result = new ScoringJob(store, tasks, "scorer-service")
                .run(plan, ModelVariant.pretrained(), "builtin/sotu-pairs", null);

        assertEquals(6, result.map().layers());
        assertEquals(12, result.map().heads(), "MiniLM: 6 × 12 heads");
        assertEquals(Granularity.PER_BATCH, result.completed().granularity());
        assertEquals(2, result.map().units(), "16 pairs in batches of 8");
        ImportanceMap expected;
        ScoringJob.Settings s = ScoringJob.Settings.of(plan);
        Task loaded = tasks.load(TaskLoading.specOf(plan, "builtin/sotu-pairs"), s.loadOptions());
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelSource.open("builtin:all-MiniLM-L6-v2", manager);
             TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), s.maxLength())) {
            var batches = TaskBatches.forTask(loaded.spec(), loaded.train(), tokenizer, s.batchSize(), s.seed());
            expected = s.estimator().estimate(model, Objectives.forKind(loaded.spec().kind()), batches, null);
        }
        for (int l = 0; l < 6; l++) {
            assertArrayEquals(expected.absGradientSum()[l], result.map().rawSums()[l], 1e-9);
        }
        double max = 0;
        for (double[] row : result.map().normalizedImportance()) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        assertEquals(1.0, max, 1e-12);
    }
}
