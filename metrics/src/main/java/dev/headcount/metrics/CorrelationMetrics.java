package dev.headcount.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Pearson, Spearman (average ranks for ties) and Kendall tau-b between two paired samples. */
public final class CorrelationMetrics {
    private CorrelationMetrics() {
    }

    /** Pearson's r; NaN when either sample is constant (the correlation is undefined). */
    public static double pearson(double[] x, double[] y) {
        requirePaired(x, y);
        double meanX = Arrays.stream(x).average().orElseThrow();
        double meanY = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman's rho: Pearson's r of the ranks, tied values sharing their average rank. */
    public static double spearman(double[] x, double[] y) {
        requirePaired(x, y);
        return pearson(averageRanks(x), averageRanks(y));
    }

    /**
     * Kendall's tau-b, which corrects for ties on either side:
     * (concordant − discordant) / sqrt((n0 − n1)(n0 − n2)), n0 = n(n−1)/2, n1 and n2 the pairs tied in x and in y.
     * O(n²): fine for the hundreds of heads it is meant for.
     */
    public static double kendallTauB(double[] x, double[] y) {
        requirePaired(x, y);
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                int sx = Double.compare(x[i], x[j]);
                int sy = Double.compare(y[i], y[j]);
                if (sx == 0) tiedX++;
                if (sy == 0) tiedY++;
                if (sx != 0 && sy != 0) {
                    if (sx == sy) concordant++; else discordant++;
                }
            }
        }
        long pairs = (long) x.length * (x.length - 1) / 2;
        return (concordant - discordant) / Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
    }

    /** Ranks starting at 1; a run of equal values gets the mean of the ranks it spans. */
    public static double[] averageRanks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = averageRank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static void requirePaired(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("samples differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a correlation needs at least 2 pairs, got " + x.length);
        }
    }
}
