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
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.metrics.Metric;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.headcount.events.Provenance;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.engine.provenance.ModelFingerprint;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pruner's units on the tiny experiment with the real engine: each evaluate unit of {@link WorkPlan} against the
 * engine run directly, both evaluation grains against each other, and the prune unit against the masked model.
 */
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

    /** The evaluate units of the plan cut at {@code grain}, in hand-out order. */
    private List<WorkUnit> evaluateUnits(WorkPlan.EvaluationGrain grain) {
        return WorkPlan.of(plan, grain).units().stream().filter(u -> u.kind() == WorkUnit.Kind.EVALUATE).toList();
    }

    /** Every evaluate unit of the plan at {@code grain}, run one by one: the events in the order they were handed on. */
    private List<MaskedModelEvaluated> runAll(WorkPlan.EvaluationGrain grain) throws Exception {
        List<MaskedModelEvaluated> all = new ArrayList<>();
        for (WorkUnit unit : evaluateUnits(grain)) {
            List<MaskedModelEvaluated> sunk = new ArrayList<>();
            PruningJob.Evaluated evaluated = job.evaluate(plan, unit, sunk::add, null);
            assertEquals(sunk, evaluated.events(), "each event handed on once, in the unit's order here: " + unit);
            all.addAll(evaluated.events());
        }
        return all;
    }

    private static String point(ModelVariant base, Ranking ranking, double fraction, String task) {
        return base + " " + ranking + " " + ModelVariant.formatFraction(fraction) + " " + task;
    }

    @Test
    void aRankingWhoseMapIsNotStoredIsAnIoExceptionNamingTheMap() throws Exception {
        WorkUnit byText = evaluateUnits(WorkPlan.EvaluationGrain.CURVE).stream()
                .filter(u -> u.ranking().equals(Ranking.byTask(TinyExperiment.PRETRAINING))).findFirst().orElseThrow();
        IOException e = assertThrows(IOException.class, () -> job.evaluate(plan, byText, null, null));
        assertTrue(e.getMessage().startsWith("experiment exp-prune has no importance map of " + TinyExperiment.PRETRAINING
                + " on pretrained yet ("), e.getMessage());
        IOException pruning = assertThrows(IOException.class, () -> job.prune(plan, WorkUnit.prune(
                plan.prunedModels().get(0)), null));
        assertEquals(e.getMessage(), pruning.getMessage());
        assertFalse(Files.exists(store.localPath(store.uriOf(plan.experimentId(), ModelVariant.pretrained(),
                PruningJob.EVALUATIONS))), "nothing evaluated");
        assertFalse(Files.exists(store.localPath(ArtifactLayout.model(store, plan.experimentId(),
                plan.prunedModels().get(0)))), "nothing pruned");
    }

    @Test
    void aUnitThePlanDoesNotHaveIsRefusedByName() throws Exception {
        scoreAll();
        WorkUnit notPlanned = WorkUnit.evaluate(ModelVariant.pretrained(), Ranking.random(0), TinyExperiment.PRETRAINING,
                List.of(0.25, 0.9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> job.evaluate(plan, notPlanned, null, null));
        assertEquals("experiment exp-prune has no evaluation of " + TinyExperiment.PRETRAINING + " on pretrained pruned by"
                + " random:0 at 0.9 in its plan (unit " + notPlanned.id() + ")", e.getMessage());
        WorkUnit otherFraction = WorkUnit.prune(ModelVariant.pruned(plan.pretrainingRanking(), 0.25));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> job.prune(plan, otherFraction, null));
        assertTrue(p.getMessage().startsWith("experiment exp-prune has no pruned model "
                + otherFraction.variant() + " in its plan"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> job.prune(plan, notPlanned, null));
        assertFalse(Files.exists(store.localPath(store.uriOf(plan.experimentId(), ModelVariant.pretrained(),
                PruningJob.EVALUATIONS))), "nothing evaluated before the refusal");
    }

    @Test
    void theUnitsOfTheWorkPlanEvaluateEveryPlannedPointOnceWithFractionZeroEqualToTheUnmaskedModel() throws Exception {
        scoreAll();
        List<WorkUnit> units = evaluateUnits(WorkPlan.EvaluationGrain.CURVE);
        // 3 rankings (2 tasks + random:0); pre-training ranking on 2 models, downstream on 2, random on 2
        assertEquals(6, units.size());
        List<MaskedModelEvaluated> events = new ArrayList<>();
        List<Progress> progress = new ArrayList<>();
        for (WorkUnit unit : units) {
            PruningJob.Evaluated evaluated = job.evaluate(plan, unit, null, progress::add);
            assertFalse(evaluated.reused(), unit + " was computed");
            events.addAll(evaluated.events());
        }

        // × 3 fractions: every planned point exactly once
        assertEquals(18, events.size());
        List<String> planned = plan.evaluations().stream()
                .map(k -> point(k.base(), k.ranking(), k.fraction(), k.evaluatedTask())).sorted().toList();
        assertEquals(planned, events.stream()
                .map(e -> point(e.baseVariant(), e.ranking(), e.fraction(), e.evaluatedTask())).sorted().toList());
        Set<String> ids = new HashSet<>();
        events.forEach(e -> assertTrue(ids.add(e.eventId()), "duplicate " + e));
        assertEquals(18, progress.size());
        assertEquals(units.get(0).id(), progress.get(2).subject());
        assertEquals(List.of(1L, 2L, 3L), progress.subList(0, 3).stream().map(Progress::done).toList());
        assertEquals(3, progress.get(2).total());

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
    void aCurveCutPerFractionGivesTheSameEventsAsWhole() throws Exception {
        scoreAll();
        List<MaskedModelEvaluated> byCurve = runAll(WorkPlan.EvaluationGrain.CURVE);
        // forget every stored point, so that the per-fraction units compute them again
        for (ModelVariant base : List.of(ModelVariant.pretrained(), ModelVariant.finetuned(TinyExperiment.DOWNSTREAM))) {
            Path evaluations = store.localPath(store.uriOf(plan.experimentId(), base, PruningJob.EVALUATIONS));
            try (Stream<Path> files = Files.walk(evaluations)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            assertFalse(Files.exists(evaluations));
        }
        List<WorkUnit> points = evaluateUnits(WorkPlan.EvaluationGrain.FRACTION);
        assertEquals(18, points.size());
        List<MaskedModelEvaluated> byPoint = new ArrayList<>();
        for (WorkUnit unit : points) {
            PruningJob.Evaluated evaluated = job.evaluate(plan, unit, null, null);
            assertFalse(evaluated.reused(), unit + " was computed again");
            assertEquals(1, evaluated.events().size());
            byPoint.addAll(evaluated.events());
        }
        Map<String, String> expected = new HashMap<>();
        byCurve.forEach(e -> expected.put(e.eventId(), EventJson.toJson(e)));
        assertEquals(18, expected.size());
        assertEquals(expected.keySet(), byPoint.stream().map(MaskedModelEvaluated::eventId).collect(Collectors.toSet()));
        for (MaskedModelEvaluated e : byPoint) {
            assertEquals(expected.get(e.eventId()), EventJson.toJson(e), "same values, provenance included");
        }
    }

    @Test
    void taskRankingRemovesTheLeastImportantHeadsAndTheMaskedScoreIsTheEngines() throws Exception {
        scoreAll();
        Ranking byText = Ranking.byTask(TinyExperiment.PRETRAINING);
        WorkUnit curve = WorkUnit.evaluate(ModelVariant.pretrained(), byText, TinyExperiment.PRETRAINING,
                List.of(0.0, 0.25, 0.5));
        List<MaskedModelEvaluated> events = job.evaluate(plan, curve, null, null).events();
        assertEquals(List.of(0.0, 0.25, 0.5), events.stream().map(MaskedModelEvaluated::fraction).toList());
        MaskedModelEvaluated half = events.get(2);
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
        assertEquals(6, engineHeads.size());
        assertTrue(maxRemoved <= minKept, "removed heads are the least important");
        assertTrue(removed.containsAll(events.get(1).headsRemoved()), "a larger fraction removes more of the same order");
        Evaluation masked = direct(ModelVariant.pretrained(), TinyExperiment.PRETRAINING,
                HeadMask.without(3, 4, engineHeads));
        assertEquals(masked.loss(), half.loss(), 1e-6);
        assertEquals(masked.metric(Metric.MLM_ACCURACY), half.metrics().get("mlm-accuracy"), 1e-9);
    }

    @Test
    void aSecondRunReadsTheStoredPointsBackAndComputesOnlyTheMissingOnes() throws Exception {
        scoreAll();
        ModelVariant tuned = ModelVariant.finetuned(TinyExperiment.DOWNSTREAM);
        WorkUnit curve = WorkUnit.evaluate(tuned, Ranking.random(0), TinyExperiment.DOWNSTREAM, List.of(0.0, 0.25, 0.5));
        PruningJob.Evaluated first = job.evaluate(plan, curve, null, null);
        assertFalse(first.reused());

        // one point lost: computed again (with the model), the others read back; the same events
        Files.delete(store.localPath(store.uriOf(plan.experimentId(), tuned,
                PruningJob.evaluationName(Ranking.random(0), 0.25, TinyExperiment.DOWNSTREAM))));
        PruningJob.Evaluated partly = job.evaluate(plan, curve, null, null);
        assertFalse(partly.reused(), "one point was computed");

        // the model is gone: a run of the whole curve must not need it
        Files.delete(store.localPath(ArtifactLayout.model(store, plan.experimentId(), tuned)).resolve(ModelDirectory.WEIGHTS));
        List<Progress> progress = new ArrayList<>();
        PruningJob.Evaluated second = job.evaluate(plan, curve, null, progress::add);
        assertTrue(second.reused());
        assertEquals(3, progress.size(), "a read-back point is reported as done too");
        for (PruningJob.Evaluated run : List.of(partly, second)) {
            assertEquals(first.events().size(), run.events().size());
            for (int i = 0; i < first.events().size(); i++) {
                assertEquals(EventJson.toJson(first.events().get(i)), EventJson.toJson(run.events().get(i)));
            }
        }
    }

    @Test
    void prunedPretrainedModelsAreSavedSmallerAndComputeWhatTheMaskedModelComputes() throws Exception {
        ScoringJob scoring = new ScoringJob(store, tasks, "scorer-service");
        scoring.run(plan, ModelVariant.pretrained(), TinyExperiment.PRETRAINING, null);
        assertEquals(List.of(ModelVariant.pruned(Ranking.byTask(TinyExperiment.PRETRAINING), 0.5)), plan.prunedModels());
        WorkUnit unit = WorkUnit.prune(plan.prunedModels().get(0));
        List<Progress> progress = new ArrayList<>();

        PruningJob.Pruned made = job.prune(plan, unit, progress::add);

        assertFalse(made.reused());
        assertEquals(1, progress.size());
        PrunedModelReady pruned = made.event();
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
        PruningJob.Pruned again = job.prune(plan, unit, null);
        assertTrue(again.reused());
        assertEquals(EventJson.toJson(pruned), EventJson.toJson(again.event()));
    }
}
