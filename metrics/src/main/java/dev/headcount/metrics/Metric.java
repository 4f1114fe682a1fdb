package dev.headcount.metrics;

import java.util.OptionalDouble;

/** The metrics a task can be scored with; {@link #higherIsBetter()} tells a pruning curve which way is good. */
public enum Metric {
    ACCURACY("accuracy", true),
    F1("f1", true),
    MATTHEWS_CORRELATION("mcc", true),
    PEARSON("pearson", true),
    SPEARMAN("spearman", true),
    MLM_LOSS("mlm-loss", false),
    PERPLEXITY("perplexity", false),
    MLM_ACCURACY("mlm-accuracy", true),
    RETRIEVAL_ACCURACY("retrieval-accuracy", true);

    private final String id;
    private final boolean higherIsBetter;

    Metric(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * The trivial baseline's score where it follows from the metric's definition alone: 0 for Matthews
     * correlation, Pearson and Spearman (a constant prediction has no correlation). Empty for the others,
     * whose chance level depends on the examples (accuracy: the majority class's share): see
     * {@link ExamplePredictions#chanceLevel(Metric)}.
     */
    public OptionalDouble chanceLevelByDefinition() {
        return switch (this) {
            case MATTHEWS_CORRELATION, PEARSON, SPEARMAN -> OptionalDouble.of(0);
            default -> OptionalDouble.empty();
        };
    }

    public static Metric fromId(String id) {
        for (Metric metric : values()) {
            if (metric.id.equalsIgnoreCase(id) || metric.name().equalsIgnoreCase(id)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'");
    }
}
