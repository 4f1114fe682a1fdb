package dev.headcount.pipeline;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** What the pipeline's benchmarks print: their lines (to stdout and their report file) and the machine's load. */
final class BenchOutput {
    private BenchOutput() {
    }

    /** The system load average over the last minute: a benchmark's seconds mean little on a loaded machine. */
    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Prints one formatted line (Locale.ROOT) and keeps it in {@code out} for the benchmark's report file. */
    static void line(StringBuilder out, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        out.append(line).append('\n');
    }
}
