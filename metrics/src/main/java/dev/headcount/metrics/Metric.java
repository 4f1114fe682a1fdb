package dev.headcount.metrics;

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

    public static Metric fromId(String id) {
        for (Metric metric : values()) {
            if (metric.id.equalsIgnoreCase(id) || metric.name().equalsIgnoreCase(id)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'");
    }
}
