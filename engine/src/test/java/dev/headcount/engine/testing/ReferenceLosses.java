package dev.headcount.engine.testing;

/** The losses transformers' task models compute, in double precision. */
public final class ReferenceLosses {

    /** The label that {@code CrossEntropyLoss} ignores. */
    public static final long IGNORE_INDEX = -100;

    private ReferenceLosses() {
    }

    /**
     * Masked-LM loss: cross-entropy averaged over positions whose label is not -100 (NaN when there
     * are none, as PyTorch returns).
     */
    public static double maskedLm(double[][][] logits, long[][] labels) {
        double sum = 0;
        int count = 0;
        for (int b = 0; b < logits.length; b++) {
            for (int t = 0; t < logits[b].length; t++) {
                if (labels[b][t] != IGNORE_INDEX) {
                    sum += negativeLogLikelihood(logits[b][t], labels[b][t]);
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** Classification loss: cross-entropy averaged over the batch. */
    public static double crossEntropy(double[][] logits, long[] labels) {
        double sum = 0;
        for (int b = 0; b < logits.length; b++) {
            sum += negativeLogLikelihood(logits[b], labels[b]);
        }
        return sum / logits.length;
    }

    /** Regression loss ({@code num_labels = 1}): mean squared error of the single output. */
    public static double meanSquaredError(double[][] predictions, double[] targets) {
        double sum = 0;
        for (int b = 0; b < predictions.length; b++) {
            double d = predictions[b][0] - targets[b];
            sum += d * d;
        }
        return sum / predictions.length;
    }

    /** -log softmax(logits)[label], via log-sum-exp shifted by the maximum. */
    public static double negativeLogLikelihood(double[] logits, long label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum) - logits[(int) label];
    }
}
