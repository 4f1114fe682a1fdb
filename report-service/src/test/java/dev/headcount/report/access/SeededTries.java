package dev.headcount.report.access;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Generated inputs for the fuzz tests from a seeded {@link Random}, without a property-testing library: each try
 * draws its input from its own {@code new Random(seed)}, the seeds fixed, so that a failure names the seed and the
 * input and is reproduced by that seed alone ({@code -Dfuzz.seed=SEED} reruns only that try).
 */
public final class SeededTries {
    /** Reruns a single try: the seed a failure message printed. */
    public static final String SEED_PROPERTY = "fuzz.seed";

    private SeededTries() {
    }

    /**
     * Runs {@code tries} tries of a property: the input of try i comes from {@code new Random(seed(base, i))}.
     *
     * @param property what the tries check, for the failure message
     * @param base     the property's fixed seed
     * @param generate draws one input from the try's random numbers
     * @param describe the input as the failure message shows it
     * @param check    asserts the property of one input
     */
    public static <T> void run(String property, long base, int tries, Function<Random, T> generate,
                               Function<T, String> describe, Consumer<T> check) {
        String only = System.getProperty(SEED_PROPERTY);
        if (only != null && !only.isBlank()) {
            tryOne(property, -1, Long.parseLong(only.trim()), generate, describe, check);
            return;
        }
        for (int i = 0; i < tries; i++) {
            tryOne(property, i, seed(base, i), generate, describe, check);
        }
    }

    private static <T> void tryOne(String property, int index, long seed, Function<Random, T> generate,
                                   Function<T, String> describe, Consumer<T> check) {
        T input = generate.apply(new Random(seed));
        try {
            check.accept(input);
        } catch (Throwable failure) {
            String shown = describe.apply(input);
            if (shown.length() > 2000) {
                shown = shown.substring(0, 2000) + "… (" + shown.length() + " characters)";
            }
            throw new AssertionError(property + " failed" + (index >= 0 ? " at try " + index : "") + ", seed " + seed
                    + " (rerun with -D" + SEED_PROPERTY + "=" + seed + "): " + failure.getMessage()
                    + "\ninput: " + shown, failure);
        }
    }

    /**
     * The seed of try i: consecutive seeds are mixed (SplitMix64's finaliser) because {@link Random}'s first draws
     * from seeds 0, 1, 2, … are strongly correlated.
     */
    public static long seed(long base, int i) {
        long z = base + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
