package dev.headcount.engine.data;

/** What a task's examples look like and how a model is trained or scored on them. */
public enum TaskKind {
    SINGLE_SENTENCE_CLASSIFICATION("single"),
    SENTENCE_PAIR_CLASSIFICATION("pair"),
    REGRESSION("regression"),
    MLM_TEXT("mlm"),
    CONTRASTIVE_PAIRS("contrastive");

    private final String shortName;

    TaskKind(String shortName) {
        this.shortName = shortName;
    }

    /** The name used in task names such as {@code file:x.jsonl?kind=pair}. */
    public String shortName() {
        return shortName;
    }

    public boolean hasPairs() {
        return this == SENTENCE_PAIR_CLASSIFICATION || this == CONTRASTIVE_PAIRS || this == REGRESSION;
    }

    public boolean isClassification() {
        return this == SINGLE_SENTENCE_CLASSIFICATION || this == SENTENCE_PAIR_CLASSIFICATION;
    }

    public static TaskKind fromShortName(String name) {
        for (TaskKind kind : values()) {
            if (kind.shortName.equalsIgnoreCase(name) || kind.name().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown task kind '" + name + "'; expected one of single, pair, regression, mlm, contrastive");
    }
}
