package dev.headcount.metrics.resampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void typeSevenQuantilesByHand() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(2.0, Bootstrap.quantile(sorted, 0.25), 1e-12); // h = 4 · 0.25 = 1
        assertEquals(1.4, Bootstrap.quantile(sorted, 0.10), 1e-12); // h = 0.4: 1 + 0.4 · (2 − 1)
        assertEquals(4.9, Bootstrap.quantile(sorted, 0.975), 1e-12); // h = 3.9
        assertEquals(5.0, Bootstrap.quantile(sorted, 1.0), 0.0);
    }

    @Test
    void meanOfTwoExamplesByHand() {
        // data {0, 1}: a resample is 00, 01, 10 or 11, so its mean is 0 (¼), ½ (½) or 1 (¼); with 2,000
        // replicates about 500 are 0 and 500 are 1, so the 2.5 % and 97.5 % quantiles are 0 and 1
        double[] data = {0, 1};
        Interval interval = Bootstrap.interval(2, examples -> mean(data, examples), Resampling.DEFAULT);
        assertEquals(0.5, interval.estimate(), 0.0);
        assertEquals(0.0, interval.low(), 0.0);
        assertEquals(1.0, interval.high(), 0.0);
        assertEquals(0, interval.undefined());
        assertTrue(interval.defined());
    }

    @Test
    void percentileIntervalCoversAKnownMeanAboutNinetyFivePercentOfTheTime() {
        // 400 samples of 40 draws from N(1, 1): the percentile interval of the mean should contain 1 in about
        // 95 % of them (a little less at this n, the known small-sample undercoverage); ± 3 binomial standard
        // errors (√(0.95 · 0.05 / 400) ≈ 0.011) around 0.94
        SplittableRandom random = new SplittableRandom(2024);
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[] data = new double[40];
            for (int i = 0; i < data.length; i++) {
                data[i] = 1 + random.nextGaussian();
            }
            Interval interval = Bootstrap.interval(data.length, examples -> mean(data, examples),
                    new Resampling(1000, t, 0.95));
            if (interval.low() <= 1 && 1 <= interval.high()) {
                covered++;
            }
        }
        double coverage = (double) covered / trials;
        assertTrue(coverage > 0.905 && coverage < 0.975, "coverage " + coverage);
    }

    @Test
    void sameSeedAndSizeDrawTheSameResamplesSoSeparateCallsArePaired() {
        double[] a = {3, 1, 4, 1, 5, 9, 2, 6};
        double[] b = {2, 7, 1, 8, 2, 8, 1, 8};
        Resampling settings = Resampling.DEFAULT.withReplicates(500);
        double[] ra = column(Bootstrap.replicates(8, e -> new double[] {mean(a, e)}, settings));
        double[] rb = column(Bootstrap.replicates(8, e -> new double[] {mean(b, e)}, settings));
        Interval fromReplicates = Bootstrap.differences(mean(a, Bootstrap.identity(8)), ra,
                mean(b, Bootstrap.identity(8)), rb, settings.level());
        Interval paired = Bootstrap.paired(8, e -> mean(a, e), e -> mean(b, e), settings);
        assertEquals(paired, fromReplicates);
        // the same statistic against itself: every paired difference is exactly 0
        Interval self = Bootstrap.paired(8, e -> mean(a, e), e -> mean(a, e), settings);
        assertEquals(new Interval(0, 0, 0, 0), self);
    }

    @Test
    void severalStatisticsShareTheirResamples() {
        double[] data = {1, 2, 3, 4, 5, 6};
        List<Interval> both = Bootstrap.intervals(6, e -> new double[] {mean(data, e), 2 * mean(data, e)},
                Resampling.DEFAULT);
        assertEquals(2 * both.get(0).low(), both.get(1).low(), 1e-12);
        assertEquals(2 * both.get(0).high(), both.get(1).high(), 1e-12);
    }

    @Test
    void undefinedReplicatesAreCountedAndTooManyLeaveNoInterval() {
        double[] mostlyUndefined = new double[100];
        Arrays.fill(mostlyUndefined, Double.NaN);
        mostlyUndefined[0] = 1;
        Interval none = Bootstrap.percentile(0.5, mostlyUndefined, 0.95);
        assertEquals(99, none.undefined());
        assertEquals(Double.NaN, none.low());
        assertTrue(!none.defined() && !none.above(0) && !none.below(1));
        double[] someUndefined = {Double.NaN, 1, 2, 3};
        Interval some = Bootstrap.percentile(2, someUndefined, 0.5); // quartiles of 1 2 3: 1.5 and 2.5
        assertEquals(new Interval(2, 1.5, 2.5, 1), some);
    }

    @Test
    void twoIndependentSamplesAreResampledSeparately() {
        double[] first = {0, 1};
        double[] second = {10, 10, 10};
        Interval difference = Bootstrap.twoSample(2, 3, (a, b) -> mean(second, b) - mean(first, a), Resampling.DEFAULT);
        // the second sample is constant, so only the first one's {0, ½, 1} spread shows
        assertEquals(9.5, difference.estimate(), 0.0);
        assertEquals(9.0, difference.low(), 0.0);
        assertEquals(10.0, difference.high(), 0.0);
    }

    @Test
    void rejectsTooFewExamplesOrReplicates() {
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.interval(1, e -> 0, Resampling.DEFAULT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampling(10, 1, 0.95));
        assertEquals("resampling needs at least 100 replicates, got 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resampling(1000, 1, 1.0));
    }

    @Test
    void identityIsTheExamplesAsTheyAre() {
        assertArrayEquals(new int[] {0, 1, 2}, Bootstrap.identity(3));
    }

    static double mean(double[] data, int[] examples) {
        double sum = 0;
        for (int i : examples) {
            sum += data[i];
        }
        return sum / examples.length;
    }

    private static double[] column(double[][] replicates) {
        return Arrays.stream(replicates).mapToDouble(r -> r[0]).toArray();
    }
}
