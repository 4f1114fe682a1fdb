package dev.headcount.metrics.resampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.CorrelationMetrics;
import dev.headcount.metrics.resampling.Permutation.Alternative;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PermutationTest {

    @Test
    void plusOneCorrectionByHand() {
        Resampling settings = new Resampling(199, 5, 0.95);
        // nothing as extreme: (1 + 0) / (1 + 199)
        assertEquals(1.0 / 200, Permutation.pValue(3.0, random -> 1.0, Alternative.TWO_SIDED, settings), 1e-15);
        // every permutation as extreme (ties count): (1 + 199) / 200
        assertEquals(1.0, Permutation.pValue(3.0, random -> -3.0, Alternative.TWO_SIDED, settings), 1e-15);
        // one-sided: −3 is not ≥ 3
        assertEquals(1.0 / 200, Permutation.pValue(3.0, random -> -3.0, Alternative.GREATER, settings), 1e-15);
        assertEquals(1.0, Permutation.pValue(3.0, random -> -3.0, Alternative.LESS, settings), 1e-15);
        assertEquals(Double.NaN, Permutation.pValue(Double.NaN, random -> 0, Alternative.TWO_SIDED, settings));
    }

    @Test
    void exactTwoSidedTestOfFourPointsByHand() {
        // x = 1 2 3 4 against y = 1 2 3 4 permuted: ρ = 1 only for the identity and −1 only for the reversal, so
        // P(|ρ| ≥ 1) = 2/24; with many permutations the estimate approaches 1/12
        double[] x = {1, 2, 3, 4};
        Resampling settings = new Resampling(20000, 3, 0.95);
        double p = Permutation.pValue(1.0, random -> CorrelationMetrics.spearman(x, permuted(x, random)),
                Alternative.TWO_SIDED, settings);
        assertEquals(1.0 / 12, p, 0.006); // binomial sd √(p(1 − p)/20,000) ≈ 0.002
    }

    @Test
    void pValuesOfIndependentRankingsAreUniform() {
        // 300 pairs of independent random importance vectors of 30 heads: the two-sided permutation p-value of
        // Spearman's ρ must be uniform on (0, 1]. Kolmogorov–Smirnov distance against U(0, 1) below the 1 %
        // critical value 1.63 / √300 ≈ 0.094; the share under 0.05 near 5 %
        int trials = 300;
        double[] pValues = new double[trials];
        SplittableRandom data = new SplittableRandom(77);
        for (int t = 0; t < trials; t++) {
            double[] a = data.doubles(30).toArray();
            double[] b = data.doubles(30).toArray();
            double observed = CorrelationMetrics.spearman(a, b);
            pValues[t] = Permutation.pValue(observed, random -> CorrelationMetrics.spearman(a, permuted(b, random)),
                    Alternative.TWO_SIDED, new Resampling(199, t, 0.95));
        }
        Arrays.sort(pValues);
        double distance = 0;
        for (int i = 0; i < trials; i++) {
            distance = Math.max(distance, Math.max(Math.abs(pValues[i] - (double) i / trials),
                    Math.abs(pValues[i] - (double) (i + 1) / trials)));
        }
        assertTrue(distance < 1.63 / Math.sqrt(trials), "KS distance " + distance);
        long small = Arrays.stream(pValues).filter(p -> p <= 0.05).count();
        assertTrue(small >= 5 && small <= 28, small + " of 300 below 0.05"); // binomial(300, 0.05): 15 ± 3.8
    }

    @Test
    void aStrongCorrelationIsSignificant() {
        double[] a = new SplittableRandom(9).doubles(30).toArray();
        double[] b = Arrays.stream(a).map(v -> v * v).toArray(); // same order: ρ = 1
        double p = Permutation.pValue(CorrelationMetrics.spearman(a, b),
                random -> CorrelationMetrics.spearman(a, permuted(b, random)), Alternative.TWO_SIDED,
                new Resampling(999, 1, 0.95));
        assertEquals(1.0 / 1000, p, 1e-15);
    }

    @Test
    void shufflesArePermutationsAndSwapsAreFair() {
        int[] order = Permutation.shuffle(10, new SplittableRandom(1));
        assertEquals(45, Arrays.stream(order).sum());
        assertEquals(10, Arrays.stream(order).distinct().count());
        boolean[] swaps = Permutation.swaps(10000, new SplittableRandom(2));
        int swapped = 0;
        for (boolean s : swaps) {
            swapped += s ? 1 : 0;
        }
        assertTrue(Math.abs(swapped - 5000) < 200, swapped + " swaps"); // sd 50
    }

    static double[] permuted(double[] values, SplittableRandom random) {
        int[] order = Permutation.shuffle(values.length, random);
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
