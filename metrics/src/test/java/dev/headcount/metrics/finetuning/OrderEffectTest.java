package dev.headcount.metrics.finetuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.resampling.Resampling;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderEffectTest {

    private static ExamplePredictions.Classes model(int[] gold, double accuracy, SplittableRandom random) {
        int[] predicted = new int[gold.length];
        for (int i = 0; i < gold.length; i++) {
            predicted[i] = random.nextDouble() < accuracy ? gold[i] : 1 - gold[i];
        }
        return new ExamplePredictions.Classes(predicted, gold);
    }

    private static int[] gold(int n) {
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) {
            gold[i] = i % 2;
        }
        return gold;
    }

    @Test
    void aClearDifferenceIsDecided() {
        SplittableRandom random = new SplittableRandom(1);
        int[] gold = gold(400);
        ExamplePredictions.Classes first = model(gold, 0.85, random);
        int[] before = first.predicted().clone();
        OrderEffect effect = OrderEffect.of(Metric.ACCURACY, first, model(gold, 0.65, random), Resampling.DEFAULT);
        assertEquals(OrderEffect.Verdict.PRUNING_FIRST_BETTER, effect.verdict(), effect.toString());
        assertEquals(1.0 / 2001, effect.pValue(), 1e-12);
        assertTrue(effect.examplesToDecide().isEmpty());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(first.predicted())); // not swapped in place
    }

    @Test
    void oneExampleOutOfTwoHundredIsNotDecidedAndSaysHowManyWould() {
        // the two orders differ on a single example of 200 (+0.005 accuracy): the paired interval includes 0
        int[] gold = gold(200);
        int[] first = gold.clone();
        int[] second = gold.clone();
        for (int i = 0; i < 40; i++) {
            first[i] = 1 - gold[i];
            second[i] = 1 - gold[i];
        }
        second[40] = 1 - gold[40];
        OrderEffect effect = OrderEffect.of(Metric.ACCURACY, new ExamplePredictions.Classes(first, gold),
                new ExamplePredictions.Classes(second, gold), Resampling.DEFAULT);
        assertEquals(0.005, effect.advantage().estimate(), 1e-12);
        assertEquals(OrderEffect.Verdict.NOT_DECIDED, effect.verdict());
        // one discordant example: every swap gives ±0.005, as extreme as observed, so p = 2,001 / 2,001
        assertEquals(1.0, effect.pValue(), 1e-12);
        assertTrue(effect.examplesToDecide().orElseThrow() > 200);
    }

    @Test
    void directionFollowsTheMetricAndSizesMustMatch() {
        double[] gold = new SplittableRandom(3).doubles(100).toArray();
        double[] good = gold.clone();
        double[] noisy = new double[100];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100; i++) {
            noisy[i] = gold[i] + random.nextGaussian();
        }
        OrderEffect effect = OrderEffect.of(Metric.PEARSON, new ExamplePredictions.Scores(noisy, gold),
                new ExamplePredictions.Scores(good, gold), Resampling.DEFAULT);
        assertEquals(OrderEffect.Verdict.FINE_TUNING_FIRST_BETTER, effect.verdict());
        assertTrue(effect.pValue() < 0.01);
        assertThrows(IllegalArgumentException.class, () -> OrderEffect.of(Metric.ACCURACY,
                new ExamplePredictions.Classes(new int[] {1, 0}, new int[] {1, 0}),
                new ExamplePredictions.Classes(new int[] {1}, new int[] {1}), Resampling.DEFAULT));
    }

    @Test
    void advantagesAreSummedUpPerMetricNeverAcross() {
        List<FineTuningComparisonRow> rows = List.of(
                new FineTuningComparisonRow("cola", Metric.MATTHEWS_CORRELATION, 0.3, 0.3, 0.2, 0.1, 0.3),
                new FineTuningComparisonRow("sst2", Metric.ACCURACY, 0.3, 0.9, 0.85, 0.8, 0.79),
                new FineTuningComparisonRow("cola", Metric.MATTHEWS_CORRELATION, 0.5, 0.3, 0.1, 0.0, 0.1),
                new FineTuningComparisonRow("mrpc", Metric.F1, 0.5, 0.8, 0.7, Double.NaN, 0.7),
                new FineTuningComparisonRow("mlm", Metric.MLM_LOSS, 0.5, 2.0, 2.5, 3.0, 2.8));
        List<AdvantageByMetric> summary = AdvantageByMetric.of(rows);
        // F1 has no row with both orders: no entry rather than a 0
        assertEquals(List.of(Metric.MATTHEWS_CORRELATION, Metric.ACCURACY, Metric.MLM_LOSS),
                summary.stream().map(AdvantageByMetric::metric).toList());
        // MCC: 0.3 − 0.1 and 0.1 − 0.0 -> mean 0.15, both pruning first
        assertEquals(0.15, summary.get(0).meanAdvantage(), 1e-12);
        assertEquals(2, summary.get(0).cells());
        assertEquals(2, summary.get(0).pruningFirstBetter());
        // accuracy: 0.79 − 0.8 = −0.01, fine-tuning first
        assertEquals(-0.01, summary.get(1).meanAdvantage(), 1e-12);
        assertEquals(1, summary.get(1).fineTuningFirstBetter());
        // loss is lower-is-better: 2.8 against 3.0 is pruning first better by 0.2
        assertEquals(0.2, summary.get(2).meanAdvantage(), 1e-12);
    }
}
