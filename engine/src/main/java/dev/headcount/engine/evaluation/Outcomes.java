package dev.headcount.engine.evaluation;

import dev.headcount.metrics.ExamplePredictions;

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
 * @param candidates retrieval: how many candidates each row chose among (its batch's size), which sets chance
 * @param tokenLosses masked LM: the cross-entropy of each masked token
 * @param exampleOfToken masked LM: the example (evaluation order) each masked token belongs to, so that
 *     resampling draws examples, not tokens
 */
public record Outcomes(int[] predicted, int[] gold, double[] outputs, double[] targets, boolean[] correct,
                       int[] candidates, double[] tokenLosses, int[] exampleOfToken, int examples) {

    public static Outcomes classification(int[] predicted, int[] gold) {
        return new Outcomes(predicted, gold, new double[0], new double[0], new boolean[0], new int[0], new double[0],
                new int[0], predicted.length);
    }

    public static Outcomes regression(double[] outputs, double[] targets) {
        return new Outcomes(new int[0], new int[0], outputs, targets, new boolean[0], new int[0], new double[0],
                new int[0], outputs.length);
    }

    public static Outcomes retrieval(boolean[] correct, int[] candidates) {
        return new Outcomes(new int[0], new int[0], new double[0], new double[0], correct, candidates, new double[0],
                new int[0], correct.length);
    }

    /** @param examples how many examples were scored (some may have no masked token) */
    public static Outcomes maskedLm(boolean[] correct, double[] tokenLosses, int[] exampleOfToken, int examples) {
        return new Outcomes(new int[0], new int[0], new double[0], new double[0], correct, new int[0], tokenLosses,
                exampleOfToken, examples);
    }

    /**
     * The same outcomes in the form the DJL-free statistics resample ({@code metrics}): one entry per
     * example (a masked-LM example carries its tokens' loss sum and counts, so resampling draws examples).
     */
    public ExamplePredictions predictions() {
        if (tokenLosses.length > 0) {
            double[] lossSums = new double[examples];
            int[] hits = new int[examples];
            int[] tokens = new int[examples];
            for (int i = 0; i < tokenLosses.length; i++) {
                lossSums[exampleOfToken[i]] += tokenLosses[i];
                hits[exampleOfToken[i]] += correct[i] ? 1 : 0;
                tokens[exampleOfToken[i]]++;
            }
            return new ExamplePredictions.MaskedTokens(lossSums, hits, tokens);
        }
        if (candidates.length > 0) {
            return new ExamplePredictions.Hits(correct, candidates);
        }
        if (outputs.length > 0) {
            return new ExamplePredictions.Scores(outputs, targets);
        }
        return new ExamplePredictions.Classes(predicted, gold);
    }
}
