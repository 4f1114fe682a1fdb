package dev.headcount.engine.evaluation;

/**
 * What a model did on each dev example, in evaluation order: enough to recompute any of the task's
 * metrics on a resample of the examples (bootstrap intervals, learning checks). Arrays that do not
 * apply to the task are empty.
 *
 * @param predicted classification: the predicted label of each example
 * @param gold classification: the true label of each example
 * @param outputs regression: the model's output for each example
 * @param targets regression: the true value of each example
 * @param correct retrieval: whether each example's row ranked its own pair first; masked LM: whether
 *     each masked token was predicted (see {@code exampleOfToken})
 * @param tokenLosses masked LM: the cross-entropy of each masked token
 * @param exampleOfToken masked LM: the example (evaluation order) each masked token belongs to, so that
 *     resampling draws examples, not tokens
 */
public record Outcomes(int[] predicted, int[] gold, double[] outputs, double[] targets, boolean[] correct,
                       double[] tokenLosses, int[] exampleOfToken) {

    public static Outcomes classification(int[] predicted, int[] gold) {
        return new Outcomes(predicted, gold, new double[0], new double[0], new boolean[0], new double[0], new int[0]);
    }

    public static Outcomes regression(double[] outputs, double[] targets) {
        return new Outcomes(new int[0], new int[0], outputs, targets, new boolean[0], new double[0], new int[0]);
    }

    public static Outcomes retrieval(boolean[] correct) {
        return new Outcomes(new int[0], new int[0], new double[0], new double[0], correct, new double[0], new int[0]);
    }

    public static Outcomes maskedLm(boolean[] correct, double[] tokenLosses, int[] exampleOfToken) {
        return new Outcomes(new int[0], new int[0], new double[0], new double[0], correct, tokenLosses, exampleOfToken);
    }
}
