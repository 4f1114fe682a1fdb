package dev.headcount.metrics;

import java.util.Arrays;

/**
 * What one model produced on each evaluation example: enough to recompute its metric on any subset or
 * resample of the examples (given as indices, repeats allowed), which is what bootstrap intervals need.
 * Each kind of task keeps the per-example data its metrics are computed from:
 *
 * <ul>
 *   <li>{@link Classes}: predicted and gold class of each example: accuracy, F1, Matthews correlation.
 *   <li>{@link Scores}: predicted and gold value of each example (regression): Pearson, Spearman.
 *   <li>{@link Hits}: whether each anchor's own candidate won in its batch, and how many candidates it
 *       had: retrieval accuracy (contrastive pairs).
 *   <li>{@link MaskedTokens}: per example (sentence), the summed cross-entropy, correct predictions and
 *       number of its masked tokens: masked-LM loss, perplexity and accuracy, as token-weighted ratios.
 * </ul>
 *
 * <p>{@link #chanceLevel(Metric)} is the score of the trivial baseline on these examples: the best
 * constant prediction, which needs no model. For classes that is the majority class for accuracy
 * (its share of the gold labels), always predicting class 1 for F1 (2p / (1 + p), p the share of
 * class 1: no constant prediction does better), and 0 for Matthews correlation; for regression the
 * mean predictor, whose correlation with anything is 0 by convention (a constant has no order); for
 * retrieval a uniformly random pick among the candidates. Masked LM has no trivial baseline here
 * (it would need the vocabulary's token frequencies): NaN.
 */
public sealed interface ExamplePredictions
        permits ExamplePredictions.Classes, ExamplePredictions.Scores, ExamplePredictions.Hits,
        ExamplePredictions.MaskedTokens {

    /** Number of examples. */
    int size();

    /** The metric on the examples at {@code examples} (indices, repeats allowed). */
    double metric(Metric metric, int[] examples);

    /** The trivial baseline's score on all examples (see the interface comment); NaN when there is none. */
    double chanceLevel(Metric metric);

    /** The metric on all examples as they are. */
    default double metric(Metric metric) {
        int[] all = new int[size()];
        Arrays.setAll(all, i -> i);
        return metric(metric, all);
    }

    /** Binary or multi-class classification; F1 and Matthews correlation need classes 0 and 1 only. */
    record Classes(int[] predicted, int[] gold) implements ExamplePredictions {
        public Classes {
            ClassificationMetrics.requireSameNonEmptyLength(predicted, gold);
            predicted = predicted.clone();
            gold = gold.clone();
        }

        @Override
        public int size() {
            return gold.length;
        }

        @Override
        public double metric(Metric metric, int[] examples) {
            int[] p = pick(predicted, examples);
            int[] g = pick(gold, examples);
            return switch (metric) {
                case ACCURACY -> ClassificationMetrics.accuracy(p, g);
                case F1 -> ClassificationMetrics.f1(p, g);
                case MATTHEWS_CORRELATION -> ClassificationMetrics.matthewsCorrelation(p, g);
                default -> throw unsupported(metric, "class predictions");
            };
        }

        @Override
        public double chanceLevel(Metric metric) {
            return switch (metric) {
                case ACCURACY -> {
                    int[] counts = new int[Arrays.stream(gold).max().orElseThrow() + 1];
                    for (int label : gold) {
                        if (label < 0) {
                            throw new IllegalArgumentException("gold class " + label + " is negative");
                        }
                        counts[label]++;
                    }
                    yield (double) Arrays.stream(counts).max().orElseThrow() / gold.length;
                }
                case F1 -> {
                    double positive = (double) Arrays.stream(gold).filter(label -> label == 1).count() / gold.length;
                    yield 2 * positive / (1 + positive);
                }
                case MATTHEWS_CORRELATION -> 0.0;
                default -> throw unsupported(metric, "class predictions");
            };
        }
    }

    /** Regression: a predicted and a gold value per example. */
    record Scores(double[] predicted, double[] gold) implements ExamplePredictions {
        public Scores {
            if (predicted.length != gold.length) {
                throw new IllegalArgumentException("predicted has " + predicted.length + " values but gold has "
                        + gold.length);
            }
            for (int i = 0; i < gold.length; i++) {
                if (!Double.isFinite(predicted[i]) || !Double.isFinite(gold[i])) {
                    throw new IllegalArgumentException("example " + i + ": predicted " + predicted[i] + ", gold "
                            + gold[i] + ": values must be finite");
                }
            }
            predicted = predicted.clone();
            gold = gold.clone();
        }

        @Override
        public int size() {
            return gold.length;
        }

        @Override
        public double metric(Metric metric, int[] examples) {
            double[] p = pick(predicted, examples);
            double[] g = pick(gold, examples);
            return switch (metric) {
                case PEARSON -> CorrelationMetrics.pearson(p, g);
                case SPEARMAN -> CorrelationMetrics.spearman(p, g);
                default -> throw unsupported(metric, "regression predictions");
            };
        }

        @Override
        public double chanceLevel(Metric metric) {
            return switch (metric) {
                case PEARSON, SPEARMAN -> 0.0;
                default -> throw unsupported(metric, "regression predictions");
            };
        }
    }

    /**
     * Retrieval: {@code correct[i]} whether anchor i ranked its own candidate first (a tie counts as wrong,
     * as in {@link RetrievalMetrics#inBatchAccuracy}), out of {@code candidates[i]} candidates.
     */
    record Hits(boolean[] correct, int[] candidates) implements ExamplePredictions {
        public Hits {
            if (correct.length != candidates.length || correct.length == 0) {
                throw new IllegalArgumentException(correct.length + " hits but " + candidates.length
                        + " candidate counts: need one of each per example");
            }
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i] < 1) {
                    throw new IllegalArgumentException("example " + i + " has " + candidates[i] + " candidates");
                }
            }
            correct = correct.clone();
            candidates = candidates.clone();
        }

        @Override
        public int size() {
            return correct.length;
        }

        @Override
        public double metric(Metric metric, int[] examples) {
            requireRetrieval(metric);
            int hits = 0;
            for (int i : examples) {
                hits += correct[i] ? 1 : 0;
            }
            return (double) hits / examples.length;
        }

        @Override
        public double chanceLevel(Metric metric) {
            requireRetrieval(metric);
            return Arrays.stream(candidates).mapToDouble(c -> 1.0 / c).average().orElseThrow();
        }

        private static void requireRetrieval(Metric metric) {
            if (metric != Metric.RETRIEVAL_ACCURACY && metric != Metric.ACCURACY) {
                throw unsupported(metric, "retrieval hits");
            }
        }
    }

    /** Masked LM, one entry per example (sentence): its masked tokens' summed loss, correct count and count. */
    record MaskedTokens(double[] lossSums, int[] correct, int[] tokens) implements ExamplePredictions {
        public MaskedTokens {
            if (lossSums.length != correct.length || lossSums.length != tokens.length || tokens.length == 0) {
                throw new IllegalArgumentException("need one loss sum, correct count and token count per example, got "
                        + lossSums.length + ", " + correct.length + " and " + tokens.length);
            }
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i] < 0 || correct[i] < 0 || correct[i] > tokens[i] || !(lossSums[i] >= 0)) {
                    throw new IllegalArgumentException("example " + i + ": loss sum " + lossSums[i] + ", " + correct[i]
                            + " correct of " + tokens[i] + " masked tokens");
                }
            }
            lossSums = lossSums.clone();
            correct = correct.clone();
            tokens = tokens.clone();
        }

        @Override
        public int size() {
            return tokens.length;
        }

        @Override
        public double metric(Metric metric, int[] examples) {
            double loss = 0;
            long right = 0;
            long count = 0;
            for (int i : examples) {
                loss += lossSums[i];
                right += correct[i];
                count += tokens[i];
            }
            if (count == 0) {
                return Double.NaN; // a resample of sentences without masked tokens has no score
            }
            return switch (metric) {
                case MLM_LOSS -> loss / count;
                case PERPLEXITY -> Math.exp(loss / count);
                case MLM_ACCURACY -> (double) right / count;
                default -> throw unsupported(metric, "masked-token scores");
            };
        }

        @Override
        public double chanceLevel(Metric metric) {
            return switch (metric) {
                case MLM_LOSS, PERPLEXITY, MLM_ACCURACY -> Double.NaN;
                default -> throw unsupported(metric, "masked-token scores");
            };
        }
    }

    private static int[] pick(int[] values, int[] examples) {
        int[] out = new int[examples.length];
        for (int i = 0; i < examples.length; i++) {
            out[i] = values[examples[i]];
        }
        return out;
    }

    private static double[] pick(double[] values, int[] examples) {
        double[] out = new double[examples.length];
        for (int i = 0; i < examples.length; i++) {
            out[i] = values[examples[i]];
        }
        return out;
    }

    private static IllegalArgumentException unsupported(Metric metric, String what) {
        return new IllegalArgumentException(metric.id() + " cannot be computed from " + what);
    }
}
