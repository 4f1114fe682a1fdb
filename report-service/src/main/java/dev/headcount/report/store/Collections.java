package dev.headcount.report.store;

/** The MongoDB collections the report-service owns (report-service/README.md, "MongoDB"). */
public final class Collections {
    /** One document per experiment: request, status, timings, expected and done counts, latest progress. */
    public static final String EXPERIMENTS = "experiments";
    /** One document per importance map (ImportanceMapCompleted + derived mean importance). */
    public static final String IMPORTANCE = "importance";
    /** One document per masked-model evaluation (MaskedModelEvaluated + its primary metric value). */
    public static final String EVALUATIONS = "evaluations";
    /** One document per fine-tuned model (ModelFineTuned + its primary metric value). */
    public static final String FINETUNES = "finetunes";
    /** One document per pruned model (PrunedModelReady): noted, not needed for completion. */
    public static final String PRUNED_MODELS = "prunedModels";
    /** One document per pair of tasks' maps. */
    public static final String COHERENCE = "coherence";
    /** One document per complete pruning curve (a task ranking, or the random rankings averaged over seeds). */
    public static final String PRUNABILITY = "prunability";
    /** Progress and FineTuneProgress events, the latest few hundred per experiment, for the dashboard. */
    public static final String PROGRESS = "progress";
    /**
     * One document per WorkDone (a unit of work handled by a worker replica), under the event's id: the unit
     * durations of report.json's {@code units}. Not a result: completion never counts them.
     */
    public static final String UNITS = "units";

    private Collections() {
    }

    public static java.util.List<String> all() {
        return java.util.List.of(EXPERIMENTS, IMPORTANCE, EVALUATIONS, FINETUNES, PRUNED_MODELS, COHERENCE,
                PRUNABILITY, PROGRESS, UNITS);
    }
}
