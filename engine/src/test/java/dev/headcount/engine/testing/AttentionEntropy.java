package dev.headcount.engine.testing;

/**
 * Attention entropy per head as transformers' {@code run_bertology.py} accumulates it: for every
 * query position with attention mask 1, -Σ_k p·log p over keys (0·log 0 = 0), summed over the batch
 * and the query positions. Physically pruned heads get 0.
 */
public final class AttentionEntropy {

    private AttentionEntropy() {
    }

    /** [passes][heads] from the probabilities before the head gate. */
    public static double[][] perHead(ReferenceForward forward) {
        int passes = forward.passes().size();
        double[][] out = new double[passes][];
        for (int pass = 0; pass < passes; pass++) {
            double[][][][] probs = forward.attentionProbs(pass);
            out[pass] = new double[probs[0].length];
            for (int b = 0; b < probs.length; b++) {
                for (int h = 0; h < probs[b].length; h++) {
                    if (probs[b][h] == null) {
                        continue;
                    }
                    for (int q = 0; q < probs[b][h].length; q++) {
                        if (forward.inputs().mask(b, q) != 0) {
                            out[pass][h] += entropy(probs[b][h][q]);
                        }
                    }
                }
            }
        }
        return out;
    }

    public static double entropy(double[] distribution) {
        double sum = 0;
        for (double p : distribution) {
            if (p != 0) {
                sum -= p * Math.log(p);
            }
        }
        return sum;
    }
}
