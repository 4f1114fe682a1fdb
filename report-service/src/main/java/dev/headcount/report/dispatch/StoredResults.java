package dev.headcount.report.dispatch;

import dev.headcount.events.ModelVariant;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.report.store.DocumentIds;

import java.util.Set;

/**
 * The results of one experiment aggregated in MongoDB, as the {@code _id}s of its documents ({@link DocumentIds}):
 * what the planner's needs are judged by, and whether a unit's result is already in. Pure.
 *
 * @param mapIds         {@code importance}
 * @param evaluationIds  {@code evaluations}
 * @param fineTuneIds    {@code finetunes}
 * @param prunedModelIds {@code prunedModels}
 */
public record StoredResults(String experimentId, Set<String> mapIds, Set<String> evaluationIds,
                            Set<String> fineTuneIds, Set<String> prunedModelIds) {

    public StoredResults {
        mapIds = Set.copyOf(mapIds);
        evaluationIds = Set.copyOf(evaluationIds);
        fineTuneIds = Set.copyOf(fineTuneIds);
        prunedModelIds = Set.copyOf(prunedModelIds);
    }

    /**
     * Whether a need is met: a map when its {@code ImportanceMapCompleted} is stored, a fine-tuned model when its
     * {@code ModelFineTuned} is, a pruned model when its {@code PrunedModelReady} is; the pre-trained model is the
     * request's own and always there.
     */
    public boolean done(WorkPlan.Need need) {
        if (need instanceof WorkPlan.MapReady map) {
            return mapIds.contains(DocumentIds.map(experimentId, map.variant(), map.task()));
        }
        ModelVariant model = ((WorkPlan.ModelReady) need).variant();
        return switch (model.kind()) {
            case PRETRAINED -> true;
            case PRUNED -> prunedModelIds.contains(DocumentIds.prunedModel(experimentId, model));
            case FINETUNED, PRUNED_THEN_FINETUNED -> fineTuneIds.contains(DocumentIds.fineTune(experimentId, model));
        };
    }

    /**
     * Whether the unit's result is already aggregated, so handing it out again would only make a worker read it back:
     * a scoring shard once its map is in (the shards are merged into the map, which is all that is aggregated), a
     * pruned model or a fine-tune once its model is, an evaluation once every point of it is.
     */
    public boolean produced(WorkUnit unit) {
        return switch (unit.kind()) {
            case SCORE -> done(new WorkPlan.MapReady(unit.variant(), unit.task()));
            case PRUNE, FINETUNE -> done(new WorkPlan.ModelReady(unit.variant()));
            case EVALUATE -> unit.fractions().stream().allMatch(fraction -> evaluationIds.contains(
                    DocumentIds.evaluation(experimentId, unit.variant(), unit.ranking(), fraction, unit.task())));
        };
    }
}
