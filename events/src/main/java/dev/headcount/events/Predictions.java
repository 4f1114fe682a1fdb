package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.headcount.metrics.ExamplePredictions;

import java.util.List;

/**
 * What a model produced on each dev example of an evaluation, as it travels in events: enough for the report to
 * recompute the metric on any resample of the examples (bootstrap intervals, paired comparisons). The JSON form of
 * metrics' {@link ExamplePredictions}; only the lists of its {@code kind} are present.
 *
 * <ul>
 *   <li>{@code classes}: {@code predictedClasses}, {@code goldClasses}
 *   <li>{@code scores} (regression): {@code predictedValues}, {@code goldValues}
 *   <li>{@code hits} (retrieval): {@code hits} (1 when the anchor's own candidate won), {@code candidates}
 *   <li>{@code masked-tokens}: per sentence {@code lossSums}, {@code correctTokens}, {@code maskedTokens}
 * </ul>
 *
 * <p>About 2 KB per 200 examples, so a masked evaluation stays far below Kafka's 1 MB record limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Predictions(String kind, List<Integer> predictedClasses, List<Integer> goldClasses,
                          List<Double> predictedValues, List<Double> goldValues, List<Integer> hits,
                          List<Integer> candidates, List<Double> lossSums, List<Integer> correctTokens,
                          List<Integer> maskedTokens) {
    public static final String CLASSES = "classes";
    public static final String SCORES = "scores";
    public static final String HITS = "hits";
    public static final String MASKED_TOKENS = "masked-tokens";
    private static final String TYPE = "Predictions";

    public Predictions {
        RequiredFields.text(TYPE, "kind", kind);
        switch (kind) {
            case CLASSES -> sameLength("predictedClasses", predictedClasses, "goldClasses", goldClasses);
            case SCORES -> sameLength("predictedValues", predictedValues, "goldValues", goldValues);
            case HITS -> sameLength("hits", hits, "candidates", candidates);
            case MASKED_TOKENS -> {
                sameLength("lossSums", lossSums, "correctTokens", correctTokens);
                sameLength("lossSums", lossSums, "maskedTokens", maskedTokens);
            }
            default -> throw new InvalidEventException(TYPE, "kind", "'" + kind + "' is not one of " + CLASSES + ", "
                    + SCORES + ", " + HITS + ", " + MASKED_TOKENS);
        }
    }

    public static Predictions of(ExamplePredictions predictions) {
        if (predictions instanceof ExamplePredictions.Classes c) {
            return new Predictions(CLASSES, ints(c.predicted()), ints(c.gold()), null, null, null, null, null, null,
                    null);
        }
        if (predictions instanceof ExamplePredictions.Scores s) {
            return new Predictions(SCORES, null, null, doubles(s.predicted()), doubles(s.gold()), null, null, null,
                    null, null);
        }
        if (predictions instanceof ExamplePredictions.Hits h) {
            int[] hit = new int[h.correct().length];
            for (int i = 0; i < hit.length; i++) {
                hit[i] = h.correct()[i] ? 1 : 0;
            }
            return new Predictions(HITS, null, null, null, null, ints(hit), ints(h.candidates()), null, null, null);
        }
        ExamplePredictions.MaskedTokens m = (ExamplePredictions.MaskedTokens) predictions;
        return new Predictions(MASKED_TOKENS, null, null, null, null, null, null, doubles(m.lossSums()),
                ints(m.correct()), ints(m.tokens()));
    }

    /** Back to the metrics module's form, which computes every metric on any resample of the examples. */
    public ExamplePredictions toMetrics() {
        return switch (kind) {
            case CLASSES -> new ExamplePredictions.Classes(ints(predictedClasses), ints(goldClasses));
            case SCORES -> new ExamplePredictions.Scores(doubles(predictedValues), doubles(goldValues));
            case HITS -> {
                int[] hit = ints(hits);
                boolean[] correct = new boolean[hit.length];
                for (int i = 0; i < hit.length; i++) {
                    correct[i] = hit[i] != 0;
                }
                yield new ExamplePredictions.Hits(correct, ints(candidates));
            }
            default -> new ExamplePredictions.MaskedTokens(doubles(lossSums), ints(correctTokens), ints(maskedTokens));
        };
    }

    public int size() {
        return switch (kind) {
            case CLASSES -> goldClasses.size();
            case SCORES -> goldValues.size();
            case HITS -> hits.size();
            default -> lossSums.size();
        };
    }

    private static void sameLength(String firstName, List<?> first, String secondName, List<?> second) {
        if (first == null || second == null) {
            throw new InvalidEventException(TYPE, first == null ? firstName : secondName, "is missing");
        }
        if (first.size() != second.size()) {
            throw new InvalidEventException(TYPE, secondName, "has " + second.size() + " entries, " + firstName
                    + " " + first.size());
        }
        if (first.contains(null) || second.contains(null)) {
            throw new InvalidEventException(TYPE, first.contains(null) ? firstName : secondName, "has a null entry");
        }
    }

    private static List<Integer> ints(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static List<Double> doubles(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
