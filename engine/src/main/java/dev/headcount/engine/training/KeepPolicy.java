package dev.headcount.engine.training;

/** Which weights a fine-tuning run ends with. */
public enum KeepPolicy {
    /** The weights of the evaluation with the best primary dev metric. */
    BEST,
    /** The weights after the last step. */
    LAST;

    public static KeepPolicy fromName(String name) {
        for (KeepPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown keep policy '" + name + "'; expected best or last");
    }
}
