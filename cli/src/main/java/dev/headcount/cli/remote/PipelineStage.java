package dev.headcount.cli.remote;

/**
 * The stages an experiment's progress is shown in, in pipeline order, with the name the report-service's
 * {@code latestProgress} uses for each (the services' {@code Progress.stage}).
 */
public enum PipelineStage {
    FINE_TUNING("fine-tuning", "finetune", true),
    IMPORTANCE_MAPS("importance maps", "score", true),
    PRUNED_MODELS("pruned models", "prune", false),
    EVALUATIONS("evaluations", "evaluate", false),
    PRUNED_FINE_TUNING("pruned fine-tuning", "pruned-finetune", true);

    private final String label;
    private final String progressStage;
    private final boolean countsWithinUnit;

    PipelineStage(String label, String progressStage, boolean countsWithinUnit) {
        this.label = label;
        this.progressStage = progressStage;
        this.countsWithinUnit = countsWithinUnit;
    }

    public String label() {
        return label;
    }

    /** The key of this stage in {@code latestProgress}. */
    public String progressStage() {
        return progressStage;
    }

    /**
     * Whether the latest progress counts steps inside the unit being made (examples scored, training steps), so
     * that a unit half done can count as half; the pruner's evaluation progress counts whole evaluations, which
     * the stage count already has.
     */
    public boolean countsWithinUnit() {
        return countsWithinUnit;
    }

    /** The label of a {@code latestProgress} stage name ({@code report} and unknown names as they are). */
    public static String labelOf(String progressStage) {
        for (PipelineStage stage : values()) {
            if (stage.progressStage.equals(progressStage)) {
                return stage.label;
            }
        }
        return progressStage;
    }
}
