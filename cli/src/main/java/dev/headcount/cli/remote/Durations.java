package dev.headcount.cli.remote;

import java.time.Duration;

/** Short durations for progress lines: {@code 42s}, {@code 4m05s}, {@code 1h07m}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration d) {
        long seconds = Math.max(0, (d.toMillis() + 500) / 1000);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        long minutes = (seconds + 30) / 60;
        return String.format("%dh%02dm", minutes / 60, minutes % 60);
    }
}
