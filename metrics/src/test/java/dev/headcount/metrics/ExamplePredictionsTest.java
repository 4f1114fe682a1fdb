package dev.headcount.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExamplePredictionsTest {
    // pred 1 1 0 0 1 0 / gold 1 0 0 0 1 1 (the MCC case of ClassificationMetricsTest)
    private static final ExamplePredictions.Classes CLASSES =
            new ExamplePredictions.Classes(new int[] {1, 1, 0, 0, 1, 0}, new int[] {1, 0, 0, 0, 1, 1});

    @Test
    void classMetricsOnAllExamplesAndOnAResample() {
        assertEquals(4.0 / 6, CLASSES.metric(Metric.ACCURACY), 1e-12);
        assertEquals(1.0 / 3, CLASSES.metric(Metric.MATTHEWS_CORRELATION), 1e-12);
        // resample 0 0 1 5: pred 1 1 1 0, gold 1 1 0 1 -> TP 2, FP 1, FN 1: accuracy 2/4, F1 4/6
        int[] resample = {0, 0, 1, 5};
        assertEquals(0.5, CLASSES.metric(Metric.ACCURACY, resample), 1e-12);
        assertEquals(4.0 / 6, CLASSES.metric(Metric.F1, resample), 1e-12);
    }

    @Test
    void chanceLevelsAreTheBestConstantPrediction() {
        // gold 1 0 0 0 1 1: three of each; p = ½ -> F1 of always 1 = 2 · ½ / 1.5 = 2/3
        assertEquals(0.5, CLASSES.chanceLevel(Metric.ACCURACY), 1e-12);
        assertEquals(2.0 / 3, CLASSES.chanceLevel(Metric.F1), 1e-12);
        assertEquals(0.0, CLASSES.chanceLevel(Metric.MATTHEWS_CORRELATION), 0.0);
        ExamplePredictions.Classes threeClasses =
                new ExamplePredictions.Classes(new int[] {0, 0, 0, 0}, new int[] {2, 2, 1, 0});
        assertEquals(0.5, threeClasses.chanceLevel(Metric.ACCURACY), 1e-12);
        // the always-1 predictor really scores the F1 chance level
        assertEquals(CLASSES.chanceLevel(Metric.F1),
                new ExamplePredictions.Classes(new int[] {1, 1, 1, 1, 1, 1}, CLASSES.gold()).metric(Metric.F1), 1e-12);
    }

    @Test
    void regressionRetrievalAndMaskedTokens() {
        ExamplePredictions.Scores scores = new ExamplePredictions.Scores(new double[] {1, 2, 3, 4, 5},
                new double[] {2, 4, 5, 4, 5});
        assertEquals(7 / Math.sqrt(90), scores.metric(Metric.SPEARMAN), 1e-12); // CorrelationMetricsTest's case
        assertEquals(0.0, scores.chanceLevel(Metric.PEARSON), 0.0);
        ExamplePredictions.Hits hits = new ExamplePredictions.Hits(new boolean[] {true, false, true, true},
                new int[] {4, 4, 2, 2});
        assertEquals(0.75, hits.metric(Metric.RETRIEVAL_ACCURACY), 1e-12);
        assertEquals((0.25 + 0.25 + 0.5 + 0.5) / 4, hits.chanceLevel(Metric.RETRIEVAL_ACCURACY), 1e-12);
        // two sentences: losses 3 over 2 tokens (1 right) and 1 over 2 tokens (2 right): 4 / 4 tokens, 3 of 4 right
        ExamplePredictions.MaskedTokens mlm = new ExamplePredictions.MaskedTokens(new double[] {3, 1},
                new int[] {1, 2}, new int[] {2, 2});
        assertEquals(1.0, mlm.metric(Metric.MLM_LOSS), 1e-12);
        assertEquals(Math.E, mlm.metric(Metric.PERPLEXITY), 1e-12);
        assertEquals(0.75, mlm.metric(Metric.MLM_ACCURACY), 1e-12);
        assertEquals(1.5, mlm.metric(Metric.MLM_LOSS, new int[] {0, 0}), 1e-12);
        assertEquals(Double.NaN, mlm.chanceLevel(Metric.MLM_LOSS));
    }

    @Test
    void badInputNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CLASSES.metric(Metric.PEARSON));
        assertEquals("pearson cannot be computed from class predictions", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ExamplePredictions.Scores(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertEquals("example 1: predicted NaN, gold 2.0: values must be finite", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ExamplePredictions.MaskedTokens(new double[] {1}, new int[] {3}, new int[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> new ExamplePredictions.Hits(new boolean[] {true}, new int[] {0}));
    }

    @Test
    void chanceByDefinitionOnlyWhereTheMetricFixesIt() {
        assertEquals(0.0, Metric.MATTHEWS_CORRELATION.chanceLevelByDefinition().orElseThrow(), 0.0);
        assertEquals(0.0, Metric.SPEARMAN.chanceLevelByDefinition().orElseThrow(), 0.0);
        assertEquals(true, Metric.ACCURACY.chanceLevelByDefinition().isEmpty());
    }
}
