package dev.headcount.engine.objective;

import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * BERT's masking recipe (transformers' DataCollatorForLanguageModeling): each maskable token is
 * chosen with probability 15 %; of the chosen, 80 % become [MASK], 10 % a random token, 10 % stay.
 * Special tokens and padding are never chosen.
 *
 * <p>Each example is masked with its own generator seeded from (seed, example key), so the same
 * example gets the same masks whatever batch it lands in. An example with maskable tokens but no
 * token chosen gets one chosen position, so that every example has a defined loss.
 */
public final class MlmMasking {

    public static final long IGNORE = -100;
    public static final double MASK_PROBABILITY = 0.15;

    private final long maskTokenId;
    private final int vocabSize;
    private final LongPredicate special;
    private final long seed;

    /**
     * @param special true for ids that must never be masked ([CLS], [SEP], [PAD], &lt;s&gt; …)
     */
    public MlmMasking(long maskTokenId, int vocabSize, LongPredicate special, long seed) {
        this.maskTokenId = maskTokenId;
        this.vocabSize = vocabSize;
        this.special = special;
        this.seed = seed;
    }

    /** The masked copy of one example's ids (in place into {@code masked}) and its labels. */
    public long[] mask(long[] ids, long[] attention, long exampleKey, long[] masked) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + exampleKey);
        long[] labels = new long[ids.length];
        java.util.Arrays.fill(labels, IGNORE);
        System.arraycopy(ids, 0, masked, 0, ids.length);
        int maskable = 0;
        int chosen = 0;
        for (int t = 0; t < ids.length; t++) {
            if (attention[t] == 0 || special.test(ids[t])) {
                continue;
            }
            maskable++;
            if (rng.nextDouble() < MASK_PROBABILITY) {
                choose(ids, masked, labels, t, rng);
                chosen++;
            }
        }
        if (chosen == 0 && maskable > 0) {
            int pick = rng.nextInt(maskable);
            for (int t = 0; t < ids.length; t++) {
                if (attention[t] != 0 && !special.test(ids[t]) && pick-- == 0) {
                    choose(ids, masked, labels, t, rng);
                    break;
                }
            }
        }
        return labels;
    }

    private void choose(long[] ids, long[] masked, long[] labels, int t, SplittableRandom rng) {
        labels[t] = ids[t];
        double r = rng.nextDouble();
        if (r < 0.8) {
            masked[t] = maskTokenId;
        } else if (r < 0.9) {
            masked[t] = rng.nextInt(vocabSize);
        }
    }
}
