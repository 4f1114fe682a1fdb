package dev.headcount.metrics;

/** Accuracy, binary F1 and Matthews correlation from predicted and gold class indices. */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    public static double accuracy(int[] predicted, int[] gold) {
        requireSameNonEmptyLength(predicted, gold);
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            if (predicted[i] == gold[i]) {
                correct++;
            }
        }
        return (double) correct / gold.length;
    }

    /** F1 of the positive class 1; 0 when there are no true positives (the sklearn convention). */
    public static double f1(int[] predicted, int[] gold) {
        ConfusionMatrix m = ConfusionMatrix.binary(predicted, gold);
        long denominator = 2 * m.truePositives() + m.falsePositives() + m.falseNegatives();
        return m.truePositives() == 0 ? 0.0 : 2.0 * m.truePositives() / denominator;
    }

    /**
     * Matthews correlation coefficient for two classes (as GLUE scores CoLA):
     * (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)), defined as 0 when a marginal is empty.
     */
    public static double matthewsCorrelation(int[] predicted, int[] gold) {
        ConfusionMatrix m = ConfusionMatrix.binary(predicted, gold);
        double tp = m.truePositives();
        double tn = m.trueNegatives();
        double fp = m.falsePositives();
        double fn = m.falseNegatives();
        double denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        return denominator == 0 ? 0.0 : (tp * tn - fp * fn) / denominator;
    }

    static void requireSameNonEmptyLength(int[] predicted, int[] gold) {
        if (predicted.length != gold.length) {
            throw new IllegalArgumentException(
                    "predicted has " + predicted.length + " entries but gold has " + gold.length);
        }
        if (gold.length == 0) {
            throw new IllegalArgumentException("no examples to score");
        }
    }
}
