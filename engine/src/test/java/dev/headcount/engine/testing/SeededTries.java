package dev.headcount.engine.testing;

import java.util.List;
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

    /** A length in [0, max], short ones and the empty one more often (where most bugs show). */
    public static int length(Random random, int max) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(Math.min(max, 8) + 1);
            default -> random.nextInt(max + 1);
        };
    }

    /** Any characters: printable ASCII, control characters, Latin-1, the rest of the BMP, lone surrogates, emoji. */
    public static String string(Random random, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = length(random, maxLength); i < n; i++) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                b.append((char) (' ' + random.nextInt(95)));
            } else if (kind == 4) {
                b.append((char) (random.nextBoolean() ? random.nextInt(32) : 127));
            } else if (kind == 5) {
                b.append((char) (128 + random.nextInt(128)));
            } else if (kind < 9) {
                b.append((char) random.nextInt(Character.MIN_SURROGATE));
            } else if (random.nextBoolean()) {
                b.append((char) (Character.MIN_SURROGATE + random.nextInt(0x800)));
            } else {
                b.appendCodePoint(0x1F600 + random.nextInt(80));
            }
        }
        return b.toString();
    }

    /** Characters in [from, to] only. */
    public static String string(Random random, char from, char to, int minLength, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = minLength + length(random, maxLength - minLength); i < n; i++) {
            b.append((char) (from + random.nextInt(to - from + 1)));
        }
        return b.toString();
    }

    /** Any bytes, the extremes more often. */
    public static byte[] bytes(Random random, int maxLength) {
        byte[] bytes = new byte[length(random, maxLength)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (random.nextInt(8) == 0 ? (random.nextBoolean() ? 0 : -1) : random.nextInt(256));
        }
        return bytes;
    }

    /** A uniformly drawn element. */
    public static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** An int in [min, max], the bounds more often. */
    public static int between(Random random, int min, int max) {
        return switch (random.nextInt(10)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + random.nextInt(max - min + 1);
        };
    }

    /** Any int, 0, ±1 and the extremes more often. */
    public static int anyInt(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> Integer.MAX_VALUE;
            case 4 -> Integer.MIN_VALUE;
            default -> random.nextInt();
        };
    }

    /** Any long, 0, ±1 and the extremes more often. */
    public static long anyLong(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> Long.MAX_VALUE;
            case 4 -> Long.MIN_VALUE;
            default -> random.nextLong();
        };
    }
}
