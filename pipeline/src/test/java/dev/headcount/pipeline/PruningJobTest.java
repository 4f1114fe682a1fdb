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
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.evaluation.Evaluation;
import dev.headcount.engine.evaluation.Evaluator;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.HeadId;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Ranking;
import dev.headcount.metrics.Metric;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.headcount.events.Provenance;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.engine.provenance.ModelFingerprint;
import org.junit.jupiter.api.io.TempDir;

class PruningJobTest {

    @TempDir
    Path dir;
    TinyExperiment tiny;
    DirectoryArtifactStore store;
    ExperimentPlan plan;
    TaskLoading tasks;
    PruningJob job;

    @BeforeEach
    void setUp() throws Exception {
        tiny = TinyExperiment.create(dir.resolve("tiny"));
        store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        plan = new ExperimentPlan("exp-prune", tiny.request());
        tasks = TaskLoading.fromEnvironment();
        job = new PruningJob(store, tasks, "pruner-service");
        tiny.writeFineTuned(store, plan.experimentId());
    }

    private void scoreAll() throws Exception {
        ScoringJob scoring = new ScoringJob(store, tasks, "scorer-service");
        for (var map : plan.importanceMaps()) {
            scoring.run(plan, map.variant(), map.task(), null);
        }
    }

    /** The unmasked (or masked) model on the task's dev split, computed directly with the engine. */
    private Evaluation direct(ModelVariant base, String task, HeadMask mask) throws Exception {
        ScoringJob.Settings s = ScoringJob.Settings.of(plan);
        var samples = plan.request().samples();
        Task loaded = tasks.load(TaskLoading.specOf(plan, task), new LoadOptions(samples.trainCap(), samples.devCap(), s.seed()));
        String location = base.equals(ModelVariant.pretrained()) ? tiny.pretrainedModel().toString()
                : store.localPath(ArtifactLayout.model(store, plan.experimentId(), base)).toString();
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelSource.open(location, manager);
             TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), s.maxLength())) {
            var batches = TaskBatches.forTask(loaded.spec(), loaded.dev(), tokenizer, s.batchSize(), s.seed());
            return new Evaluator().evaluate(model, loaded.spec(), batches, mask, null);
        }
    }

    @Test
    void refusesToEvaluateBeforeEveryMapIsIn() throws Exception {
        assertEquals(2, job.missingMaps(plan).size());
        assertThrows(IllegalStateException.class, () -> job.evaluate(plan, null, null));
    }

    @Test
    void everyPlannedEvaluationOnceWithFractionZeroEqualToTheUnmaskedModel() throws Exception {
        scoreAll();
        assertTrue(job.missingMaps(plan).isEmpty());
        List<MaskedModelEvaluated> sunk = new ArrayList<>();
        List<Progress> progress = new ArrayList<>();

        List<MaskedModelEvaluated> events = job.evaluate(plan, sunk::add, progress::add);

        // 3 rankings (2 tasks + random:0); pre-training ranking on 2 models, downstream on 2, random on 2; × 3 fractions
        assertEquals(plan.evaluations().size(), events.size());
        assertEquals(18, events.size());
        assertEquals(events, sunk);
        Set<String> ids = new HashSet<>();
        events.forEach(e -> assertTrue(ids.add(e.eventId()), "duplicate " + e));
        assertEquals(18, progress.size());
        assertEquals(18, progress.get(17).done());

        Evaluation text = direct(ModelVariant.pretrained(), TinyExperiment.PRETRAINING, null);
        Evaluation topic = direct(ModelVariant.finetuned(TinyExperiment.DOWNSTREAM), TinyExperiment.DOWNSTREAM, null);
        for (MaskedModelEvaluated e : events) {
            assertEquals(Math.round(e.fraction() * 12), e.headsRemoved().size());
            if (e.fraction() == 0) {
                Evaluation expected = e.evaluatedTask().equals(TinyExperiment.PRETRAINING) ? text : topic;
                assertEquals(expected.loss(), e.loss(), 1e-6, e.toString());
                assertEquals(expected.examples(), e.examples());
                for (var m : expected.metrics().entrySet()) {
                    assertEquals(m.getValue(), e.metrics().get(m.getKey().id()), 1e-6, m.getKey().id());
                }
            }
        }
        MaskedModelEvaluated anyText = events.stream().filter(e -> e.evaluatedTask().equals(TinyExperiment.PRETRAINING)).findFirst().orElseThrow();
        assertEquals(Metric.MLM_LOSS.id(), anyText.primaryMetric());
        assertEquals(6, anyText.examples(), "dev holds 6 of the 30 documents");
        MaskedModelEvaluated anyTopic = events.stream().filter(e -> e.evaluatedTask().equals(TinyExperiment.DOWNSTREAM)).findFirst().orElseThrow();
        assertEquals(Metric.ACCURACY.id(), anyTopic.primaryMetric());
        assertEquals(8, anyTopic.examples(), "dev capped at samples.devCap");
        var samples = plan.request().samples();
        Task topicTask = tasks.load(TaskLoading.specOf(plan, TinyExperiment.DOWNSTREAM),
                new LoadOptions(samples.trainCap(), samples.devCap(), plan.request().seed()));
        Provenance provenance = anyTopic.provenance();
        assertEquals(ExampleFingerprint.of(topicTask.dev()), provenance.data("dev").orElseThrow().sha256());
        assertEquals(anyTopic.ranking().name(), provenance.option("ranking"));
        assertEquals(ModelVariant.formatFraction(anyTopic.fraction()), provenance.option("fraction"));
        assertEquals(ModelFingerprint.of(store.localPath(ArtifactLayout.model(store, plan.experimentId(),
                anyTopic.baseVariant()))).sha256(), provenance.model().sha256());
    }

    @Test
    void taskRankingRemovesTheLeastImportantHeadsAndTheMaskedScoreIsTheEngines() throws Exception {
        scoreAll();
        List<MaskedModelEvaluated> events = job.evaluate(plan, null, null);
        Ranking byText = Ranking.byTask(TinyExperiment.PRETRAINING);
        MaskedModelEvaluated half = events.stream().filter(e -> e.ranking().equals(byText) && e.fraction() == 0.5
                && e.baseVariant().equals(ModelVariant.pretrained())).findFirst().orElseThrow();
        double[][] importance = ImportanceMapFile.read(store, plan.experimentId(), ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING).orElseThrow().normalizedImportance();
        Set<HeadId> removed = new HashSet<>(half.headsRemoved());
        double maxRemoved = 0;
        double minKept = Double.POSITIVE_INFINITY;
        List<dev.headcount.engine.pruning.HeadId> engineHeads = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            for (int h = 0; h < 4; h++) {
                if (removed.contains(new HeadId(l, h))) {
                    maxRemoved = Math.max(maxRemoved, importance[l][h]);
                    engineHeads.add(new dev.headcount.engine.pruning.HeadId(l, h));
                } else {
                    minKept = Math.min(minKept, importance[l][h]);
                }
            }
        }
        assertTrue(maxRemoved <= minKept, "removed heads are the least important");
        Evaluation masked = direct(ModelVariant.pretrained(), TinyExperiment.PRETRAINING,
                HeadMask.without(3, 4, engineHeads));
        assertEquals(masked.loss(), half.loss(), 1e-6);
        assertEquals(masked.metric(Metric.MLM_ACCURACY), half.metrics().get("mlm-accuracy"), 1e-9);
    }

    @Test
    void aSecondRunReadsTheStoredEvaluationsBack() throws Exception {
        scoreAll();
        List<MaskedModelEvaluated> first = job.evaluate(plan, null, null);
        assertFalse(job.evaluationsPublished(plan));
        job.markEvaluationsPublished(plan, first.size());
        assertTrue(job.evaluationsPublished(plan));
        // the models are gone: a second run must not need them
        Files.delete(store.localPath(ArtifactLayout.model(store, plan.experimentId(),
                ModelVariant.finetuned(TinyExperiment.DOWNSTREAM))).resolve(ModelDirectory.WEIGHTS));
        List<MaskedModelEvaluated> second = job.evaluate(plan, null, null);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(EventJson.toJson(first.get(i)), EventJson.toJson(second.get(i)));
        }
    }

    @Test
    void prunedPretrainedModelsAreSavedSmallerAndComputeWhatTheMaskedModelComputes() throws Exception {
        ScoringJob scoring = new ScoringJob(store, tasks, "scorer-service");
        scoring.run(plan, ModelVariant.pretrained(), TinyExperiment.PRETRAINING, null);
        assertEquals(1, job.missingMaps(plan).size(), "the downstream map is not needed for pruning");

        List<PrunedModelReady> ready = job.prunePretrained(plan, null);

        assertEquals(1, ready.size());
        PrunedModelReady pruned = ready.get(0);
        assertEquals(ModelVariant.pruned(Ranking.byTask(TinyExperiment.PRETRAINING), 0.5), pruned.variant());
        assertEquals(6, pruned.prunedHeads().size());
        Path saved = store.localPath(java.net.URI.create(pruned.artifactUri()));
        List<dev.headcount.engine.pruning.HeadId> heads = pruned.prunedHeads().stream()
                .map(h -> new dev.headcount.engine.pruning.HeadId(h.layer(), h.head())).toList();
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(saved, manager)) {
            assertEquals(6, model.remainingHeads());
            assertTrue(Files.isRegularFile(saved.resolve("tokenizer.json")));
        }
        // the saved pruned model scores the dev text as the masked pre-trained model does
        ScoringJob.Settings s = ScoringJob.Settings.of(plan);
        var samples = plan.request().samples();
        Task text = tasks.load(TaskLoading.specOf(plan, TinyExperiment.PRETRAINING),
                new LoadOptions(samples.trainCap(), samples.devCap(), s.seed()));
        Evaluation masked = direct(ModelVariant.pretrained(), TinyExperiment.PRETRAINING, HeadMask.without(3, 4, heads));
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(saved, manager);
             TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), s.maxLength())) {
            var batches = TaskBatches.forTask(text.spec(), text.dev(), tokenizer, s.batchSize(), s.seed());
            Evaluation physical = new Evaluator().evaluate(model, text.spec(), batches, null, null);
            assertEquals(masked.loss(), physical.loss(), 1e-4);
        }
        // again: the checkpoint is reused, the event is the same
        List<PrunedModelReady> again = job.prunePretrained(plan, null);
        assertEquals(EventJson.toJson(pruned), EventJson.toJson(again.get(0)));
    }
}
