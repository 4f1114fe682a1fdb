package dev.headcount.metrics.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.resampling.Resampling;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LearningCheckTest {

    /**
     * A tiny real task: 2-D points, a nearest-centroid classifier trained on 200 examples and checked on 200
     * dev examples. With labels given by the side of a line it learns; with random labels it cannot.
     */
    private static ExamplePredictions.Classes trainAndPredict(long seed, boolean randomLabels) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] train = points(random, 200);
        double[][] dev = points(random, 200);
        int[] trainGold = labels(train, random, randomLabels);
        int[] devGold = labels(dev, random, randomLabels);
        double[][] centroids = new double[2][2];
        int[] counts = new int[2];
        for (int i = 0; i < train.length; i++) {
            centroids[trainGold[i]][0] += train[i][0];
            centroids[trainGold[i]][1] += train[i][1];
            counts[trainGold[i]]++;
        }
        for (int c = 0; c < 2; c++) {
            centroids[c][0] /= counts[c];
            centroids[c][1] /= counts[c];
        }
        int[] predicted = new int[dev.length];
        for (int i = 0; i < dev.length; i++) {
            predicted[i] = distance(dev[i], centroids[1]) < distance(dev[i], centroids[0]) ? 1 : 0;
        }
        return new ExamplePredictions.Classes(predicted, devGold);
    }

    @Test
    void aLearnableTaskIsLearned() {
        for (long seed = 0; seed < 5; seed++) {
            ExamplePredictions.Classes dev = trainAndPredict(seed, false);
            for (Metric metric : new Metric[] {Metric.ACCURACY, Metric.MATTHEWS_CORRELATION, Metric.F1}) {
                LearningCheck check = LearningCheck.of(metric, dev, Resampling.DEFAULT);
                assertTrue(check.learned(), "seed " + seed + ": " + check);
                assertTrue(check.ciLow() > check.baseline() && check.ciLow() <= check.value()
                        && check.value() <= check.ciHigh(), check.toString());
            }
        }
    }

    @Test
    void randomLabelsAreNotLearned() {
        // with a 95 % interval about 1 in 40 untrainable models would pass by luck on one side: of 20 seeds
        // at most 2 may, and for accuracy the majority-class baseline makes it rarer still
        int passed = 0;
        for (long seed = 100; seed < 120; seed++) {
            ExamplePredictions.Classes dev = trainAndPredict(seed, true);
            LearningCheck mcc = LearningCheck.of(Metric.MATTHEWS_CORRELATION, dev, Resampling.DEFAULT);
            LearningCheck accuracy = LearningCheck.of(Metric.ACCURACY, dev, Resampling.DEFAULT);
            passed += mcc.learned() ? 1 : 0;
            passed += accuracy.learned() ? 1 : 0;
            assertEquals(0.0, mcc.baseline(), 0.0);
            assertTrue(accuracy.baseline() >= 0.5);
        }
        assertTrue(passed <= 2, passed + " of 40 checks passed on random labels");
    }

    @Test
    void alwaysTheMajorityClassIsExactlyTheBaselineAndNotLearned() {
        int[] gold = new int[100];
        for (int i = 0; i < 70; i++) {
            gold[i] = 1;
        }
        int[] allOnes = new int[100];
        java.util.Arrays.fill(allOnes, 1);
        LearningCheck check = LearningCheck.of(Metric.ACCURACY, new ExamplePredictions.Classes(allOnes, gold),
                Resampling.DEFAULT);
        assertEquals(0.7, check.value(), 1e-12);
        assertEquals(0.7, check.baseline(), 1e-12);
        assertFalse(check.learned());
    }

    @Test
    void lowerIsBetterAndMissingBaselines() {
        ExamplePredictions.MaskedTokens mlm = new ExamplePredictions.MaskedTokens(new double[] {3, 1, 2},
                new int[] {1, 2, 1}, new int[] {2, 2, 2});
        LearningCheck check = LearningCheck.of(Metric.MLM_LOSS, mlm, Resampling.DEFAULT);
        assertFalse(check.learned());
        assertEquals("mlm-loss has no trivial baseline to compare with", check.reason().orElseThrow());
        // regression against the mean predictor (ρ = 0): a perfect monotone predictor learned
        double[] gold = new SplittableRandom(3).doubles(50).toArray();
        double[] predicted = java.util.Arrays.stream(gold).map(v -> 2 * v + 1).toArray();
        assertTrue(LearningCheck.of(Metric.PEARSON, new ExamplePredictions.Scores(predicted, gold),
                Resampling.DEFAULT).learned());
    }

    private static double[][] points(SplittableRandom random, int n) {
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            points[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
        }
        return points;
    }

    private static int[] labels(double[][] points, SplittableRandom random, boolean randomLabels) {
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = randomLabels ? random.nextInt(2) : points[i][0] + 0.5 * points[i][1] > 0 ? 1 : 0;
        }
        return labels;
    }

    private static double distance(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }
}
