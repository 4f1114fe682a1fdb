package dev.headcount.report.aggregation;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How much of what an experiment's plan expects has arrived. The experiment is complete when every
 * importance map, every masked-model evaluation and every fine-tune is in; pruned models are counted for
 * progress only (the fine-tunes of them are what completion waits for).
 */
public record Completion(StageCount maps, StageCount evaluations, StageCount fineTunes, StageCount prunedModels,
                         List<String> missing) {
    /** Shown in {@link #missing()} at most. */
    public static final int MISSING_SHOWN = 10;

    public record StageCount(int done, int expected) {
        public boolean complete() {
            return done >= expected;
        }
    }

    public Completion {
        missing = List.copyOf(missing);
    }

    public boolean complete() {
        return maps.complete() && evaluations.complete() && fineTunes.complete();
    }

    /** Nothing arrived yet. */
    public static Completion expected(ExperimentPlan plan) {
        return of(plan, Set.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * @param mapIds,evaluationIds,fineTuneIds,prunedModelIds the {@code _id}s (see {@link ResultIds}) of the
     *                                                        documents present for this experiment
     */
    public static Completion of(ExperimentPlan plan, Set<String> mapIds, Set<String> evaluationIds,
                                Set<String> fineTuneIds, Set<String> prunedModelIds) {
        String exp = plan.experimentId();
        List<String> missing = new ArrayList<>();
        Map<String, String> maps = new LinkedHashMap<>();
        plan.importanceMaps().forEach(key -> maps.put(ResultIds.map(exp, key.variant(), key.task()),
                "importance map of " + key.task() + " on " + key.variant()));
        Map<String, String> evaluations = new LinkedHashMap<>();
        plan.evaluations().forEach(key -> evaluations.put(ResultIds.evaluation(exp, key.base(), key.ranking(),
                key.fraction(), key.evaluatedTask()), "evaluation of " + key.evaluatedTask() + " on " + key.base()
                + " with " + ModelVariant.formatFraction(key.fraction()) + " pruned by " + key.ranking()));
        Map<String, String> fineTunes = new LinkedHashMap<>();
        for (ModelVariant variant : plan.fineTunes()) {
            fineTunes.put(ResultIds.fineTune(exp, variant), "fine-tune " + variant);
        }
        Map<String, String> pruned = new LinkedHashMap<>();
        for (ModelVariant variant : plan.prunedModels()) {
            pruned.put(ResultIds.prunedModel(exp, variant), "pruned model " + variant);
        }
        return new Completion(count(maps, mapIds, missing), count(evaluations, evaluationIds, missing),
                count(fineTunes, fineTuneIds, missing), count(pruned, prunedModelIds, new ArrayList<>()), missing);
    }

    /**
     * From the result events themselves (the in-process run holds them in memory), counted by the same ids.
     *
     * @param prunedModels the pruned variants built so far
     */
    public static Completion ofResults(ExperimentPlan plan, Collection<ImportanceMapCompleted> maps,
                                       Collection<MaskedModelEvaluated> evaluations,
                                       Collection<ModelFineTuned> fineTunes, Collection<ModelVariant> prunedModels) {
        String exp = plan.experimentId();
        Set<String> mapIds = new HashSet<>();
        maps.forEach(m -> mapIds.add(ResultIds.map(exp, m.variant(), m.task())));
        Set<String> evaluationIds = new HashSet<>();
        evaluations.forEach(e -> evaluationIds.add(ResultIds.evaluation(exp, e.baseVariant(), e.ranking(),
                e.fraction(), e.evaluatedTask())));
        Set<String> fineTuneIds = new HashSet<>();
        fineTunes.forEach(f -> fineTuneIds.add(ResultIds.fineTune(exp, f.variant())));
        Set<String> prunedIds = new HashSet<>();
        prunedModels.forEach(v -> prunedIds.add(ResultIds.prunedModel(exp, v)));
        return of(plan, mapIds, evaluationIds, fineTuneIds, prunedIds);
    }

    /** @param expected id → description of every unit expected */
    private static StageCount count(Map<String, String> expected, Set<String> present, List<String> missing) {
        int done = 0;
        for (Map.Entry<String, String> unit : expected.entrySet()) {
            if (present.contains(unit.getKey())) {
                done++;
            } else if (missing.size() < MISSING_SHOWN) {
                missing.add(unit.getValue());
            }
        }
        return new StageCount(done, expected.size());
    }
}
