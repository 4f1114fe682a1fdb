package dev.headcount.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskedLmScoreTest {

    @Test
    void lossPerplexityAndAccuracyByHand() {
        // losses ln 2 and ln 4: mean = 1.5 ln 2, perplexity = 2^1.5 = 2.8284...; one of two correct
        MaskedLmScore score = MaskedLmScore.of(new double[] {Math.log(2), Math.log(4)}, new boolean[] {true, false});
        assertEquals(1.5 * Math.log(2), score.loss(), 1e-12);
        assertEquals(Math.pow(2, 1.5), score.perplexity(), 1e-12);
        assertEquals(0.5, score.accuracy(), 1e-12);
        assertEquals(2, score.maskedTokens());
    }

    @Test
    void combiningBatchesWeightsByTokenCount() {
        MaskedLmScore a = MaskedLmScore.of(new double[] {1.0}, new boolean[] {true});
        MaskedLmScore b = MaskedLmScore.of(new double[] {2.0, 3.0, 4.0}, new boolean[] {false, false, true});
        MaskedLmScore all = MaskedLmScore.of(new double[] {1.0, 2.0, 3.0, 4.0}, new boolean[] {true, false, false, true});
        MaskedLmScore combined = a.plus(b);
        assertEquals(all.loss(), combined.loss(), 1e-12);
        assertEquals(all.accuracy(), combined.accuracy(), 1e-12);
        assertEquals(Math.exp(2.5), combined.perplexity(), 1e-9);
    }
}
