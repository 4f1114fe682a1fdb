package dev.headcount.report.aggregation;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ModelVariant;
import dev.headcount.report.store.DocumentIds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
     * @param mapIds,evaluationIds,fineTuneIds,prunedModelIds the {@code _id}s (see {@link DocumentIds}) of the
     *                                                        documents present for this experiment
     */
    public static Completion of(ExperimentPlan plan, Set<String> mapIds, Set<String> evaluationIds,
                                Set<String> fineTuneIds, Set<String> prunedModelIds) {
        String exp = plan.experimentId();
        List<String> missing = new ArrayList<>();
        Set<String> maps = new LinkedHashSet<>();
        plan.importanceMaps().forEach(key -> maps.add(DocumentIds.map(exp, key.variant(), key.task())));
        Set<String> evaluations = new LinkedHashSet<>();
        plan.evaluations().forEach(key -> evaluations.add(DocumentIds.evaluation(exp, key.base(), key.ranking(),
                key.fraction(), key.evaluatedTask())));
        Set<String> fineTunes = new LinkedHashSet<>();
        for (ModelVariant variant : plan.fineTunes()) {
            fineTunes.add(DocumentIds.fineTune(exp, variant));
        }
        Set<String> pruned = new LinkedHashSet<>();
        for (ModelVariant variant : plan.prunedModels()) {
            pruned.add(DocumentIds.prunedModel(exp, variant));
        }
        return new Completion(count("importance map", maps, mapIds, missing),
                count("evaluation", evaluations, evaluationIds, missing),
                count("fine-tune", fineTunes, fineTuneIds, missing),
                count("pruned model", pruned, prunedModelIds, new ArrayList<>()),
                missing);
    }

    private static StageCount count(String what, Set<String> expected, Set<String> present, List<String> missing) {
        int done = 0;
        for (String id : expected) {
            if (present.contains(id)) {
                done++;
            } else if (missing.size() < MISSING_SHOWN) {
                missing.add(what + " " + id.substring(id.indexOf('|') + 1));
            }
        }
        return new StageCount(done, expected.size());
    }
}
