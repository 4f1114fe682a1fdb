package dev.headcount.metrics;

/** Counts of a binary classifier's outcomes, class 1 being positive. */
public record ConfusionMatrix(long truePositives, long trueNegatives, long falsePositives, long falseNegatives) {

    public static ConfusionMatrix binary(int[] predicted, int[] gold) {
        ClassificationMetrics.requireSameNonEmptyLength(predicted, gold);
        long tp = 0;
        long tn = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < gold.length; i++) {
            requireBinary(predicted[i], "predicted", i);
            requireBinary(gold[i], "gold", i);
            if (predicted[i] == 1) {
                if (gold[i] == 1) tp++; else fp++;
            } else {
                if (gold[i] == 0) tn++; else fn++;
            }
        }
        return new ConfusionMatrix(tp, tn, fp, fn);
    }

    private static void requireBinary(int label, String which, int index) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException(which + "[" + index + "] = " + label + ", expected 0 or 1");
        }
    }
}
