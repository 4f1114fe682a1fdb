package dev.headcount.engine.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MlmMaskingTest {

    private static final long CLS = 101;
    private static final long SEP = 102;
    private static final long MASK = 103;

    @Test
    void followsBertsRecipeAndNeverMasksSpecialTokens() {
        MlmMasking masking = new MlmMasking(MASK, 30522, id -> id == CLS || id == SEP || id == 0, 42);
        long chosen = 0;
        long masked = 0;
        long random = 0;
        long kept = 0;
        long maskable = 0;
        for (int example = 0; example < 4000; example++) {
            long[] ids = new long[40];
            long[] attention = new long[40];
            ids[0] = CLS;
            for (int t = 1; t < 35; t++) {
                ids[t] = 2000 + (example * 31L + t * 7L) % 20000;
            }
            ids[35] = SEP;
            Arrays.fill(attention, 0, 36, 1);
            long[] out = new long[40];
            long[] labels = masking.mask(ids, attention, example, out);
            maskable += 34;
            for (int t = 0; t < 40; t++) {
                if (labels[t] == MlmMasking.IGNORE) {
                    assertEquals(ids[t], out[t], "unchosen tokens stay");
                    continue;
                }
                assertTrue(t >= 1 && t < 35, "special or padded position " + t + " was chosen");
                assertEquals(ids[t], labels[t]);
                chosen++;
                if (out[t] == MASK) {
                    masked++;
                } else if (out[t] == ids[t]) {
                    kept++;
                } else {
                    random++;
                }
            }
        }
        // 136,000 maskable tokens: binomial standard errors are far below these margins
        assertEquals(0.15, chosen / (double) maskable, 0.005);
        assertEquals(0.8, masked / (double) chosen, 0.01);
        // a random replacement equals the original 1 time in 30522, so "kept" is ~10 % too
        assertEquals(0.1, random / (double) chosen, 0.01);
        assertEquals(0.1, kept / (double) chosen, 0.01);
    }

    @Test
    void sameExampleSameMaskWhateverTheBatch() {
        MlmMasking masking = new MlmMasking(MASK, 1000, id -> id == CLS, 7);
        long[] ids = {CLS, 500, 501, 502, 503, 504, 505, 506};
        long[] attention = {1, 1, 1, 1, 1, 1, 1, 1};
        long[] a = new long[8];
        long[] b = new long[8];
        assertArrayEquals(masking.mask(ids, attention, 12, a), masking.mask(ids, attention, 12, b));
        assertArrayEquals(a, b);
    }

    @Test
    void everyExampleWithMaskableTokensGetsAtLeastOne() {
        MlmMasking masking = new MlmMasking(MASK, 1000, id -> id == CLS || id == SEP, 1);
        for (int key = 0; key < 500; key++) {
            long[] labels = masking.mask(new long[] {CLS, 5, SEP}, new long[] {1, 1, 1}, key, new long[3]);
            assertEquals(5, labels[1]);
            assertEquals(MlmMasking.IGNORE, labels[0]);
        }
    }
}
