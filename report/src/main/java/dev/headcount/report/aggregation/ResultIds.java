package dev.headcount.report.aggregation;

import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;

/**
 * The natural id of each result an experiment's plan expects: its keys joined with '|', a character no experiment
 * id, variant, ranking or task name can hold. {@link Completion} counts results by these ids; the report-service
 * uses the same ids as its MongoDB documents' {@code _id}, so that an event delivered twice lands on one document.
 */
public final class ResultIds {
    private static final String SEPARATOR = "|";

    private ResultIds() {
    }

    /** One importance map: a task scored on a variant. */
    public static String map(String experimentId, ModelVariant variant, String task) {
        return join(experimentId, variant.name(), task);
    }

    /** One masked-model evaluation. */
    public static String evaluation(String experimentId, ModelVariant base, Ranking ranking, double fraction,
                                    String evaluatedTask) {
        return join(experimentId, base.name(), ranking.name(), ModelVariant.formatFraction(fraction), evaluatedTask);
    }

    /** One fine-tuned model ({@code finetuned/…} or {@code pruned-then-finetuned/…}). */
    public static String fineTune(String experimentId, ModelVariant variant) {
        return join(experimentId, variant.name());
    }

    /** One pruned model ({@code pruned/…}). */
    public static String prunedModel(String experimentId, ModelVariant variant) {
        return join(experimentId, variant.name());
    }

    public static String join(String... parts) {
        return String.join(SEPARATOR, parts);
    }
}
