package dev.headcount.engine.data;

/**
 * How much of a task to load: caps per split (0 = no cap) and the seed that makes the choice of
 * examples and any split that the source does not define reproducible.
 */
public record LoadOptions(int maxTrain, int maxDev, long seed) {
    public static final long DEFAULT_SEED = 42;

    public LoadOptions {
        if (maxTrain < 0 || maxDev < 0) {
            throw new IllegalArgumentException("caps must be >= 0 (0 = no cap), got train " + maxTrain + ", dev " + maxDev);
        }
    }

    public static LoadOptions uncapped() {
        return new LoadOptions(0, 0, DEFAULT_SEED);
    }

    /** The default experiment's sizes, small enough for a 2-core machine. */
    public static LoadOptions defaults() {
        return new LoadOptions(3_000, 1_000, DEFAULT_SEED);
    }

    public int capFor(String split) {
        return Task.TRAIN.equals(split) ? maxTrain : maxDev;
    }
}
