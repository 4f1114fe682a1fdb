package dev.headcount.engine.objective;

import dev.headcount.engine.data.TaskKind;

/** The loss that belongs to each kind of task. */
public final class Objectives {

    private Objectives() {
    }

    public static Objective forKind(TaskKind kind, float contrastiveTemperature) {
        return switch (kind) {
            case MLM_TEXT -> new MaskedLmObjective();
            case CONTRASTIVE_PAIRS -> new ContrastiveObjective(contrastiveTemperature);
            case SINGLE_SENTENCE_CLASSIFICATION, SENTENCE_PAIR_CLASSIFICATION -> new ClassificationObjective();
            case REGRESSION -> new RegressionObjective();
        };
    }

    public static Objective forKind(TaskKind kind) {
        return forKind(kind, ContrastiveObjective.DEFAULT_TEMPERATURE);
    }
}
