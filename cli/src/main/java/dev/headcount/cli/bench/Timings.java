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

    /**
     * Measures two operations in turns (a, b, a, b, …) so that a change in the machine's load
     * affects both alike: their ratio is what this is for.
     */
    public static Timings[] alternate(int warmup, int iterations, Runnable a, Runnable b) {
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
        }
        double[] sa = new double[iterations];
        double[] sb = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            sa[i] = (t1 - t0) / 1e9;
            sb[i] = (t2 - t1) / 1e9;
        }
        return new Timings[] {new Timings(sa), new Timings(sb)};
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
