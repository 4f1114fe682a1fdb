package dev.headcount.cli;

import java.io.PrintStream;
import java.time.Duration;

/** A one-line progress bar with rate and ETA, redrawn in place on stderr. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressBar(String label, long total, String unit) {
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
        this.out = System.err;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        int filled = (int) (WIDTH * Math.min(1.0, done / (double) total));
        String eta = rate > 0 && done < total ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "--";
        out.printf("\r%-14s [%s%s] %d/%d %s  %.1f %s/s  ETA %s ", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                done, total, unit, rate, unit, eta);
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
