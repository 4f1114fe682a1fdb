package dev.headcount.metrics.coherence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.resampling.Bootstrap;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.Resampling;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoherenceUncertaintyTest {
    private static final int LAYERS = 4;
    private static final int HEADS = 6;

    @Test
    void mapIsTheMeanAbsoluteGradientThenPerLayerL2ByHand() {
        GateGradientRows rows = new GateGradientRows(2, 2, new float[][] {{1, -2, 3, 0}, {3, 2, -1, 0}});
        // mean |g|: layer 0 = (2, 2), layer 1 = (2, 0)
        assertArrayEquals(new double[] {2, 2}, rows.map(new int[] {0, 1}, false)[0], 1e-12);
        assertArrayEquals(new double[] {2, 0}, rows.map(new int[] {0, 1}, false)[1], 1e-12);
        // per-layer L2: (2, 2) / √8 and (2, 0) / 2
        double[][] normalised = rows.map(new int[] {0, 1}, true);
        assertArrayEquals(new double[] {1 / Math.sqrt(2), 1 / Math.sqrt(2)}, normalised[0], 1e-12);
        assertArrayEquals(new double[] {1, 0}, normalised[1], 1e-12);
        // a resample with unit 0 twice is unit 0's map
        assertArrayEquals(new double[] {3, 0}, rows.map(new int[] {0, 0}, false)[1], 1e-12);
    }

    @Test
    void splitHalfOfTwoUnitsByHand() {
        // two units: every split puts one in each half, so ρ is that of the two rows: 1 2 3 4 vs 1 2 4 3,
        // Σd² = 2 -> ρ = 1 − 6·2 / (4·15) = 0.8; Spearman–Brown 2·0.8 / 1.8 = 8/9
        GateGradientRows rows = new GateGradientRows(1, 4, new float[][] {{1, 2, 3, 4}, {1, 2, 4, 3}});
        assertEquals(8.0 / 9, SplitHalf.reliability(rows, false, Resampling.DEFAULT), 1e-12);
        assertEquals(2.0 / 3, SplitHalf.spearmanBrown(0.5), 1e-12);
        assertEquals(Double.NaN, SplitHalf.spearmanBrown(-1));
        assertEquals(Double.NaN, SplitHalf.reliability(new GateGradientRows(1, 2, new float[][] {{1, 2}}), false,
                Resampling.DEFAULT));
    }

    @Test
    void reliabilityIsHighForAStableMap() {
        double[] truth = new SplittableRandom(1).doubles(LAYERS * HEADS, 0, 1).toArray();
        GateGradientRows stable = rows(truth, 0.2, 100, new SplittableRandom(2));
        double reliability = SplitHalf.reliability(stable, true, Resampling.DEFAULT);
        assertTrue(reliability > 0.9, "stable " + reliability);
    }

    @Test
    void reliabilityPredictsTheCorrelationOfAnIndependentReplication() {
        // what a noise ceiling claims: a map's corrected split-half reliability is the ρ expected between it and
        // a map scored on as many fresh units of the same truth. Averaged over 40 truths: within 0.1 of each other
        // for a half-noisy map (both about 0.46), and both near 0 for a map that is all noise
        for (double noise : new double[] {1, 4}) {
            SplittableRandom random = new SplittableRandom(1);
            double reliability = 0;
            double replication = 0;
            int truths = 40;
            for (int t = 0; t < truths; t++) {
                double[] truth = random.doubles(LAYERS * HEADS, 0, 1).toArray();
                GateGradientRows x = rows(truth, noise, 40, random.split());
                GateGradientRows y = rows(truth, noise, 40, random.split());
                reliability += SplitHalf.reliability(x, true, Resampling.DEFAULT.withSeed(t)) / truths;
                replication += Coherence.between(x.map(Bootstrap.identity(40), true),
                        y.map(Bootstrap.identity(40), true)).spearman() / truths;
            }
            assertEquals(replication, reliability, 0.1, "noise " + noise);
            if (noise == 4) {
                assertEquals(0, reliability, 0.15);
            } else {
                assertTrue(reliability > 0.3, "noise " + noise + ": " + reliability);
            }
        }
    }

    @Test
    void intervalsAndPValueOfTwoNoisyCopiesOfOneMap() {
        double[] truth = new SplittableRandom(4).doubles(LAYERS * HEADS, 0, 1).toArray();
        GateGradientRows first = rows(truth, 0.5, 60, new SplittableRandom(5));
        GateGradientRows second = rows(truth, 0.5, 80, new SplittableRandom(6));
        CoherenceUncertainty u = CoherenceUncertainty.of(first, second, true, Resampling.DEFAULT);
        double[][] a = first.map(Bootstrap.identity(60), true);
        double[][] b = second.map(Bootstrap.identity(80), true);
        Coherence point = Coherence.between(a, b);
        assertEquals(point.spearman(), u.spearman().estimate(), 1e-12);
        assertTrue(u.spearman().low() <= point.spearman() && point.spearman() <= u.spearman().high(), u.toString());
        assertTrue(u.spearman().above(0.3), u.toString());
        assertEquals(1.0 / 2001, u.spearmanPValue(), 1e-12); // no shuffle of 24 heads comes near
        assertEquals(3, u.topK().size());
        for (int i = 0; i < 3; i++) {
            Interval overlap = u.topK().get(i);
            assertEquals(point.topK().get(i).jaccard(), overlap.estimate(), 1e-12);
            assertTrue(overlap.low() <= overlap.estimate() && overlap.estimate() <= overlap.high());
        }
        // both maps are stable, so the ceiling is high, and ρ stays below it up to noise
        assertTrue(u.reliabilityFirst() > 0.7 && u.reliabilitySecond() > 0.7, u.toString());
    }

    @Test
    void withReliableMapsTheIntervalCoversThePopulationRho() {
        // two related truths; the population ρ is that of maps from 50,000 units each. With little noise per unit the
        // maps of 100 units are reliable and the percentile interval should contain it in about 95 % of 60 studies
        // (at least 51: binomial(60, 0.95) falls below that with probability < 1 %). With noisy maps ρ is attenuated
        // and the interval covers the ρ at this many units, not the population's: the split-half ceiling says so
        SplittableRandom random = new SplittableRandom(8);
        double[] a = random.doubles(LAYERS * HEADS, 0, 1).toArray();
        double[] b = Arrays.stream(a).map(v -> 0.6 * v + 0.4 * random.nextDouble()).toArray();
        double population = Coherence.between(rows(a, 0.3, 50000, random).map(Bootstrap.identity(50000), false),
                rows(b, 0.3, 50000, random).map(Bootstrap.identity(50000), false)).spearman();
        int covered = 0;
        for (int t = 0; t < 60; t++) {
            CoherenceUncertainty u = CoherenceUncertainty.of(rows(a, 0.3, 100, random), rows(b, 0.3, 100, random),
                    false, new Resampling(300, t, 0.95));
            covered += u.spearman().low() <= population && population <= u.spearman().high() ? 1 : 0;
        }
        assertTrue(covered >= 51, covered + " of 60 intervals cover " + population);
    }

    @Test
    void pValuesOfIndependentMapsAreUniform() {
        // 120 pairs of maps with independent true importance: two-sided p-values uniform, KS distance below the
        // 1 % critical value 1.63 / √120 ≈ 0.149
        int trials = 120;
        double[] pValues = new double[trials];
        SplittableRandom data = new SplittableRandom(11);
        Resampling settings = new Resampling(199, 0, 0.95);
        for (int t = 0; t < trials; t++) {
            GateGradientRows first = rows(data.doubles(LAYERS * HEADS, 0, 1).toArray(), 0.5, 20, data.split());
            GateGradientRows second = rows(data.doubles(LAYERS * HEADS, 0, 1).toArray(), 0.5, 20, data.split());
            pValues[t] = CoherenceUncertainty.of(first, second, false, settings.withSeed(t)).spearmanPValue();
        }
        Arrays.sort(pValues);
        double distance = 0;
        for (int i = 0; i < trials; i++) {
            distance = Math.max(distance, Math.max(Math.abs(pValues[i] - (double) i / trials),
                    Math.abs(pValues[i] - (double) (i + 1) / trials)));
        }
        assertTrue(distance < 1.63 / Math.sqrt(trials), "KS distance " + distance);
    }

    @Test
    void badRowsNameTheUnitLayerAndHead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GateGradientRows(2, 2, new float[][] {{1, 2, 3, 4}, {1, 2, Float.NaN, 4}}));
        assertEquals("gate gradient row 1, layer 1, head 0 is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GateGradientRows(2, 2, new float[][] {{1, 2, 3}}));
        assertEquals("gate gradient row 0 has 3 values, expected 2×2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CoherenceUncertainty.of(
                new GateGradientRows(1, 2, new float[][] {{1, 2}}), new GateGradientRows(2, 1, new float[][] {{1, 2}}),
                false, Resampling.DEFAULT));
    }

    /** n units of truth + N(0, noise) per head, signs random (importance uses |g|). */
    private static GateGradientRows rows(double[] truth, double noise, int n, SplittableRandom random) {
        float[][] rows = new float[n][truth.length];
        for (int u = 0; u < n; u++) {
            for (int i = 0; i < truth.length; i++) {
                double sign = random.nextBoolean() ? 1 : -1;
                rows[u][i] = (float) (sign * (truth[i] + noise * random.nextGaussian()));
            }
        }
        return new GateGradientRows(LAYERS, truth.length / LAYERS, rows);
    }
}
