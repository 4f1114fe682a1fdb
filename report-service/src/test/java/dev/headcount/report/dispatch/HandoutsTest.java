package dev.headcount.report.dispatch;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Ranking;
import dev.headcount.events.Stage;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.report.TinyExperiment;
import dev.headcount.report.store.DocumentIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which units each event hands out, and how "done" is read from the aggregated documents' ids, for the tiny
 * experiment (pre-training builtin/sotu, downstream builtin/spam, fractions 0, 0.25, 0.5, random seeds 0 and 1,
 * fine-tune fraction 0.5, 4 scoring shards per map).
 */
class HandoutsTest {
    private static final String EXP = "exp-handouts";
    private static final String SOTU = TinyExperiment.PRETRAINING;
    private static final String SPAM = TinyExperiment.SPAM;
    private static final ModelVariant SPAM_MODEL = ModelVariant.finetuned(SPAM);
    private static final ModelVariant PRUNED = ModelVariant.pruned(Ranking.byTask(SOTU), 0.5);
    private static final ModelVariant PRUNED_THEN_FINETUNED = ModelVariant.prunedThenFinetuned(Ranking.byTask(SOTU),
            0.5, SPAM);

    private final TinyExperiment tiny = new TinyExperiment(EXP);
    private final WorkPlan work = WorkPlan.of(tiny.plan);

    private static StoredResults stored(Set<String> maps, Set<String> evaluations, Set<String> fineTunes,
                                        Set<String> pruned) {
        return new StoredResults(EXP, maps, evaluations, fineTunes, pruned);
    }

    private static final StoredResults NOTHING = stored(Set.of(), Set.of(), Set.of(), Set.of());

    @Test
    void eachNeedIsReadFromItsOwnCollection() {
        WorkPlan.Need sotuMap = new WorkPlan.MapReady(ModelVariant.pretrained(), SOTU);
        WorkPlan.Need spamMap = new WorkPlan.MapReady(SPAM_MODEL, SPAM);
        WorkPlan.Need spamModel = new WorkPlan.ModelReady(SPAM_MODEL);
        WorkPlan.Need prunedModel = new WorkPlan.ModelReady(PRUNED);
        WorkPlan.Need prunedThenFinetuned = new WorkPlan.ModelReady(PRUNED_THEN_FINETUNED);
        List<WorkPlan.Need> all = List.of(sotuMap, spamMap, spamModel, prunedModel, prunedThenFinetuned);

        // nothing stored: only the pre-trained model, the request's own, is there
        all.forEach(need -> assertFalse(NOTHING.done(need), need.toString()));
        assertTrue(NOTHING.done(new WorkPlan.ModelReady(ModelVariant.pretrained())));

        StoredResults maps = stored(Set.of(DocumentIds.map(EXP, ModelVariant.pretrained(), SOTU)), Set.of(), Set.of(),
                Set.of());
        assertEquals(List.of(true, false, false, false, false), all.stream().map(maps::done).toList());
        StoredResults fineTunes = stored(Set.of(), Set.of(), Set.of(DocumentIds.fineTune(EXP, SPAM_MODEL),
                DocumentIds.fineTune(EXP, PRUNED_THEN_FINETUNED)), Set.of());
        assertEquals(List.of(false, false, true, false, true), all.stream().map(fineTunes::done).toList());
        StoredResults pruned = stored(Set.of(), Set.of(), Set.of(), Set.of(DocumentIds.prunedModel(EXP, PRUNED)));
        assertEquals(List.of(false, false, false, true, false), all.stream().map(pruned::done).toList());
        // a map of the same task on another model is another map
        StoredResults spamOnPretrained = stored(Set.of(DocumentIds.map(EXP, ModelVariant.pretrained(), SPAM)), Set.of(),
                Set.of(), Set.of());
        assertFalse(spamOnPretrained.done(spamMap));
        // another experiment's documents do not count
        StoredResults other = new StoredResults("exp-other", Set.of(DocumentIds.map(EXP, ModelVariant.pretrained(), SOTU)),
                Set.of(), Set.of(), Set.of());
        assertFalse(other.done(sotuMap));
    }

    @Test
    void eventsMapToTheFactsTheyFulfil() {
        assertEquals(Optional.of(new WorkPlan.MapReady(SPAM_MODEL, SPAM)), Handouts.fact(tiny.map(SPAM)));
        assertEquals(Optional.of(new WorkPlan.ModelReady(SPAM_MODEL)), Handouts.fact(tiny.fineTunes().get(0)));
        assertEquals(Optional.of(new WorkPlan.ModelReady(PRUNED)), Handouts.fact(tiny.prunedModels().get(0)));
        assertEquals(Optional.empty(), Handouts.fact(tiny.evaluations().get(0)));
        assertTrue(Handouts.handsOut(tiny.requested()));
        Progress progress = new Progress(EXP, "scorer-service", Stage.SCORE, "pretrained", 1, 2, "scoring");
        WorkDone done = new WorkDone(EXP, WorkUnit.prune(PRUNED), "pruner-service@h:1", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(3), false);
        for (var event : List.of(progress, done, tiny.evaluations().get(0))) {
            assertFalse(Handouts.handsOut(event), event.type());
            assertEquals(List.of(), Handouts.of(event, work, NOTHING), event.type());
        }
    }

    @Test
    void theRequestHandsOutWhatNeedsNothing() {
        List<WorkRequested> start = Handouts.of(tiny.requested(), work, NOTHING);
        assertEquals(work.atStart(), start);
        assertEquals(Set.of("score/pretrained/builtin/sotu/0-of-4", "score/pretrained/builtin/sotu/1-of-4",
                "score/pretrained/builtin/sotu/2-of-4", "score/pretrained/builtin/sotu/3-of-4",
                "finetune/finetuned/builtin/spam",
                "evaluate/pretrained/random:1/builtin/sotu/0/0.25/0.5",
                "evaluate/pretrained/random:0/builtin/sotu/0/0.25/0.5"), ids(start));
    }

    @Test
    void thePretrainingMapHandsOutThePrunedModelsAndTheEvaluationsThatNeededOnlyIt() {
        StoredResults sotu = stored(Set.of(DocumentIds.map(EXP, ModelVariant.pretrained(), SOTU)), Set.of(), Set.of(),
                Set.of());
        List<WorkRequested> unlocked = Handouts.of(tiny.map(SOTU), work, sotu);
        assertEquals(Set.of("prune/pruned/task:builtin/sotu/0.5",
                "evaluate/pretrained/task:builtin/sotu/builtin/sotu/0/0.25/0.5"), ids(unlocked));
        // the pruned model on the scorer's topic, the curve on the pruner's, keyed by experiment, kind and ordinal
        unlocked.forEach(r -> assertEquals(r.unit().kind() == dev.headcount.events.WorkUnit.Kind.PRUNE
                ? "headcount.scoring-jobs" : "headcount.pruning-jobs", r.topic()));
        unlocked.forEach(r -> assertTrue(r.key().matches(EXP + "/(prune|evaluate)/\\d+"), r.key()));

        // the fine-tuned spam model then unlocks its shards, its own random curves and the cross evaluation that
        // waited for both the model and the pre-training map
        StoredResults spamModel = stored(sotu.mapIds(), Set.of(), Set.of(DocumentIds.fineTune(EXP, SPAM_MODEL)),
                Set.of());
        Set<String> byModel = ids(Handouts.of(tiny.fineTunes().get(0), work, spamModel));
        assertTrue(byModel.contains("evaluate/finetuned/builtin/spam/task:builtin/sotu/builtin/spam/0/0.25/0.5"),
                byModel.toString());
        assertTrue(byModel.contains("score/finetuned/builtin/spam/builtin/spam/0-of-4"), byModel.toString());
        assertFalse(byModel.stream().anyMatch(id -> id.startsWith("evaluate/finetuned/builtin/spam/task:builtin/spam/")),
                "the spam ranking waits for the spam map: " + byModel);
        // without the pre-training map the cross evaluation would wait for it
        StoredResults spamModelOnly = stored(Set.of(), Set.of(), spamModel.fineTuneIds(), Set.of());
        assertFalse(ids(Handouts.of(tiny.fineTunes().get(0), work, spamModelOnly))
                .contains("evaluate/finetuned/builtin/spam/task:builtin/sotu/builtin/spam/0/0.25/0.5"));
    }

    @Test
    void aRepeatedFactHandsOutAgainOnlyTheUnitsWithoutAResult() {
        Set<String> sotuMap = Set.of(DocumentIds.map(EXP, ModelVariant.pretrained(), SOTU));
        StoredResults prunedStored = stored(sotuMap, Set.of(), Set.of(), Set.of(DocumentIds.prunedModel(EXP, PRUNED)));
        assertEquals(Set.of("evaluate/pretrained/task:builtin/sotu/builtin/sotu/0/0.25/0.5"),
                ids(Handouts.of(tiny.map(SOTU), work, prunedStored)));
        Set<String> curve = new HashSet<>();
        for (double fraction : List.of(0.0, 0.25, 0.5)) {
            curve.add(DocumentIds.evaluation(EXP, ModelVariant.pretrained(), Ranking.byTask(SOTU), fraction, SOTU));
        }
        StoredResults allStored = stored(sotuMap, curve, Set.of(), prunedStored.prunedModelIds());
        assertEquals(List.of(), Handouts.of(tiny.map(SOTU), work, allStored));
        // one point missing: the curve is handed out again (it is one unit)
        curve.remove(DocumentIds.evaluation(EXP, ModelVariant.pretrained(), Ranking.byTask(SOTU), 0.25, SOTU));
        assertEquals(Set.of("evaluate/pretrained/task:builtin/sotu/builtin/sotu/0/0.25/0.5"),
                ids(Handouts.of(tiny.map(SOTU), work, stored(sotuMap, curve, Set.of(), prunedStored.prunedModelIds()))));
    }

    @Test
    void replayingEveryResultHandsOutEveryUnitOfThePlanOnce() {
        // the experiment's results arrive one at a time, as the consumer sees them; the stored ids grow with them
        Set<String> maps = new HashSet<>();
        Set<String> fineTunes = new HashSet<>();
        Set<String> pruned = new HashSet<>();
        List<WorkRequested> handed = new java.util.ArrayList<>(Handouts.of(tiny.requested(), work, NOTHING));
        ExperimentPlan plan = tiny.plan;
        maps.add(DocumentIds.map(EXP, ModelVariant.pretrained(), SOTU));
        handed.addAll(Handouts.of(tiny.map(SOTU), work, stored(maps, Set.of(), fineTunes, pruned)));
        fineTunes.add(DocumentIds.fineTune(EXP, SPAM_MODEL));
        handed.addAll(Handouts.of(tiny.fineTunes().get(0), work, stored(maps, Set.of(), fineTunes, pruned)));
        pruned.add(DocumentIds.prunedModel(EXP, PRUNED));
        handed.addAll(Handouts.of(tiny.prunedModels().get(0), work, stored(maps, Set.of(), fineTunes, pruned)));
        maps.add(DocumentIds.map(EXP, SPAM_MODEL, SPAM));
        handed.addAll(Handouts.of(tiny.map(SPAM), work, stored(maps, Set.of(), fineTunes, pruned)));
        assertEquals(work.units().size(), handed.size(), "no unit twice");
        assertEquals(new HashSet<>(work.units()), new HashSet<>(handed.stream().map(WorkRequested::unit).toList()));
        assertEquals(plan.evaluations().size(), handed.stream().filter(r -> r.unit().kind() == WorkUnit.Kind.EVALUATE)
                .mapToInt(r -> r.unit().fractions().size()).sum());
    }

    private static Set<String> ids(List<WorkRequested> requests) {
        return new HashSet<>(requests.stream().map(r -> r.unit().id()).toList());
    }
}
