package dev.headcount.report.store;

import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;
import dev.headcount.report.aggregation.ResultIds;

/**
 * The {@code _id} of every document the report-service writes: natural keys joined with '|', a character no
 * experiment id, variant, ranking or task name can hold, so ids are readable and unambiguous. An event
 * delivered twice lands on the same id (the upsert changes nothing). The results' ids are the report module's
 * {@link ResultIds}, by which {@code Completion} counts them.
 */
public final class DocumentIds {
    private DocumentIds() {
    }

    public static String experiment(String experimentId) {
        return experimentId;
    }

    /** One importance map: a task scored on a variant. */
    public static String map(String experimentId, ModelVariant variant, String task) {
        return ResultIds.map(experimentId, variant, task);
    }

    /** One masked-model evaluation. */
    public static String evaluation(String experimentId, ModelVariant base, Ranking ranking, double fraction,
                                    String evaluatedTask) {
        return ResultIds.evaluation(experimentId, base, ranking, fraction, evaluatedTask);
    }

    /** One fine-tuned model ({@code finetuned/…} or {@code pruned-then-finetuned/…}). */
    public static String fineTune(String experimentId, ModelVariant variant) {
        return ResultIds.fineTune(experimentId, variant);
    }

    /** One pruned model ({@code pruned/…}). */
    public static String prunedModel(String experimentId, ModelVariant variant) {
        return ResultIds.prunedModel(experimentId, variant);
    }

    /** The coherence of two tasks' maps, in the order the experiment names the tasks. */
    public static String coherence(String experimentId, String firstTask, String secondTask) {
        return join(experimentId, firstTask, secondTask);
    }

    /** The prunability of one curve; {@code ranking} is a ranking name or {@code random} for the seed average. */
    public static String prunability(String experimentId, ModelVariant base, String ranking, String evaluatedTask) {
        return join(experimentId, base.name(), ranking, evaluatedTask);
    }

    private static String join(String... parts) {
        return ResultIds.join(parts);
    }
}
