package dev.headcount.cli.remote;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Shows progress frames on a stream. On a terminal each frame replaces the previous one in place (cursor up,
 * erase to the end of the screen), with lines cut to the terminal's width so that none wraps and the cursor
 * arithmetic stays right. Anywhere else (a log, a pipe) frames are printed as plain lines, without escape codes:
 * when a count changed (but not more often than every {@code minimumGap}, so that forty quick evaluations do not
 * flood the log), at least every {@code period}, and always when asked to (the last frame).
 */
public final class ProgressDisplay {

    private static final String ESC = "\u001b[";

    private final PrintStream out;
    private final boolean inPlace;
    private final int width;
    private final long minimumGapNanos;
    private final long periodNanos;
    private int drawnLines;
    private long lastPrinted = Long.MIN_VALUE;
    private String lastKey;

    public ProgressDisplay(PrintStream out, boolean inPlace, int width, Duration minimumGap, Duration period) {
        this.out = out;
        this.inPlace = inPlace;
        this.width = width;
        this.minimumGapNanos = minimumGap.toNanos();
        this.periodNanos = period.toNanos();
    }

    /** On stderr: in place when the JVM has a terminal ({@code System.console() != null}), else plain lines. */
    public static ProgressDisplay onStderr() {
        return new ProgressDisplay(System.err, System.console() != null, terminalWidth(), Duration.ofSeconds(15),
                Duration.ofSeconds(60));
    }

    /** {@code $COLUMNS} when the shell exports it, else 80. */
    static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? 80 : Math.max(40, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /**
     * @param key   what counts as a change for plain output (e.g. the done counts), so that a log gets a line when
     *              something finished but not for every redraw
     * @param nanos now, on the clock of {@link System#nanoTime()}
     * @param force print this frame in a log whatever the time since the last (the final one)
     */
    public synchronized void show(List<String> lines, String key, long nanos, boolean force) {
        if (inPlace) {
            StringBuilder frame = new StringBuilder();
            if (drawnLines > 0) {
                frame.append(ESC).append(drawnLines).append('A').append('\r');
            }
            frame.append(ESC).append('J');
            for (String line : lines) {
                frame.append(cut(line)).append('\n');
            }
            out.print(frame);
            out.flush();
            drawnLines = lines.size();
            return;
        }
        if (!force && lastPrinted != Long.MIN_VALUE) {
            long since = nanos - lastPrinted;
            boolean changed = !Objects.equals(key, lastKey);
            if (since < (changed ? minimumGapNanos : periodNanos)) {
                return;
            }
        }
        lastKey = key;
        lastPrinted = nanos;
        lines.forEach(out::println);
        out.flush();
    }

    /** Prints a line below the current frame, which then stays on the screen (the next frame starts after it). */
    public synchronized void println(String line) {
        out.println(line);
        out.flush();
        drawnLines = 0;
    }

    public boolean inPlace() {
        return inPlace;
    }

    private String cut(String line) {
        return line.length() < width ? line : line.substring(0, Math.max(0, width - 2)) + "…";
    }
}
