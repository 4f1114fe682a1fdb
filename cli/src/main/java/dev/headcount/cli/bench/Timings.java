package dev.headcount.cli.bench;

import java.util.Arrays;

/** Repeated measurements of one operation: median and spread, after warm-up. */
public record Timings(double[] seconds) {

    public static Timings measure(int warmup, int iterations, Runnable op) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        double[] s = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            op.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new Timings(s);
    }

    public double median() {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double min() {
        return Arrays.stream(seconds).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(seconds).max().orElse(Double.NaN);
    }

    /** "median (min–max)" in milliseconds. */
    public String millis() {
        return String.format("%.1f ms (%.1f–%.1f)", median() * 1e3, min() * 1e3, max() * 1e3);
    }
}
