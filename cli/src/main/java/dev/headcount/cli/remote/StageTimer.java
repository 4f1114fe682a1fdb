package dev.headcount.cli.remote;

import java.time.Duration;

/**
 * Elapsed time and a rate-based ETA for one stage, from successive observations of its count. The stage's
 * clock starts when it is first seen started; if it was seen idle before, at that last idle sighting (the
 * latest moment it is known to have had nothing done). Following an experiment already under way, only what
 * happens while it is watched counts towards the rate: the time spent before is unknown.
 */
public final class StageTimer {

    private long lastIdleNanos = -1;
    private long startNanos = -1;
    private double doneAtStart;
    private long finishedNanos = -1;
    private long lastNanos = -1;
    private double lastDone;
    private long expected;

    /** Records the stage's count at {@code nanos} (any monotonic clock, e.g. {@link System#nanoTime()}). */
    public void observe(StageCount count, long nanos) {
        lastNanos = nanos;
        lastDone = count.effectiveDone();
        expected = count.expected();
        if (startNanos < 0) {
            if (!count.started()) {
                lastIdleNanos = nanos;
                return;
            }
            if (lastIdleNanos >= 0) {
                startNanos = lastIdleNanos;
                doneAtStart = 0;
            } else {
                startNanos = nanos;
                doneAtStart = lastDone;
            }
        }
        if (count.complete()) {
            if (finishedNanos < 0) {
                finishedNanos = nanos;
            }
        } else {
            finishedNanos = -1;
        }
    }

    public boolean started() {
        return startNanos >= 0;
    }

    public boolean finished() {
        return finishedNanos >= 0;
    }

    /** Time since the stage started (until it finished), or {@code null} before it starts. */
    public Duration elapsed() {
        if (startNanos < 0) {
            return null;
        }
        return Duration.ofNanos((finishedNanos >= 0 ? finishedNanos : lastNanos) - startNanos);
    }

    /**
     * Remaining units over the rate observed since the start: {@code null} while the rate is unknown (nothing
     * done since the clock started), zero once finished.
     */
    public Duration eta() {
        if (finishedNanos >= 0) {
            return Duration.ZERO;
        }
        if (startNanos < 0 || lastNanos <= startNanos) {
            return null;
        }
        double progressed = lastDone - doneAtStart;
        if (!(progressed > 0)) {
            return null;
        }
        double nanosPerUnit = (lastNanos - startNanos) / progressed;
        return Duration.ofNanos(Math.round(Math.max(0, expected - lastDone) * nanosPerUnit));
    }
}
