package dev.headcount.metrics;

/**
 * Masked-LM scores over the masked positions only: mean cross-entropy (nats), its exponential
 * (perplexity), and the share of masked tokens predicted exactly.
 */
public record MaskedLmScore(double loss, double perplexity, double accuracy, long maskedTokens) {

    /**
     * @param tokenLosses cross-entropy of each masked token
     * @param tokenCorrect whether the argmax prediction of each masked token was the original token
     */
    public static MaskedLmScore of(double[] tokenLosses, boolean[] tokenCorrect) {
        if (tokenLosses.length != tokenCorrect.length) {
            throw new IllegalArgumentException("losses for " + tokenLosses.length
                    + " tokens but correctness flags for " + tokenCorrect.length);
        }
        if (tokenLosses.length == 0) {
            throw new IllegalArgumentException("no masked tokens to score");
        }
        double sum = 0;
        long correct = 0;
        for (int i = 0; i < tokenLosses.length; i++) {
            sum += tokenLosses[i];
            if (tokenCorrect[i]) correct++;
        }
        double loss = sum / tokenLosses.length;
        return new MaskedLmScore(loss, Math.exp(loss), (double) correct / tokenLosses.length, tokenLosses.length);
    }

    /** Combines scores of disjoint batches, weighting each by its masked-token count. */
    public MaskedLmScore plus(MaskedLmScore other) {
        long n = maskedTokens + other.maskedTokens;
        double combinedLoss = (this.loss * maskedTokens + other.loss * other.maskedTokens) / n;
        double accuracy = (this.accuracy * maskedTokens + other.accuracy * other.maskedTokens) / n;
        return new MaskedLmScore(combinedLoss, Math.exp(combinedLoss), accuracy, n);
    }
}
