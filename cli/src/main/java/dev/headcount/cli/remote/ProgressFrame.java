package dev.headcount.cli.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of one progress update: a header, a bar per stage with done/expected, percentage, elapsed time and
 * ETA, and the latest progress message. Plain text that fits 80 columns (but for the message), the same on a
 * terminal and in a log.
 */
public final class ProgressFrame {

    static final int BAR_WIDTH = 20;
    private static final int LABEL_WIDTH = 18;

    private ProgressFrame() {
    }

    /**
     * @param timers  each stage's timer, already updated with {@code progress}
     * @param elapsed time since the experiment was submitted (or since following began)
     */
    public static List<String> lines(ExperimentProgress progress, Map<PipelineStage, StageTimer> timers,
                                     Duration elapsed) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "experiment %s: %s, %.1f %% (%s)", progress.experimentId(),
                progress.status(), progress.percent(), Durations.format(elapsed)));
        for (StageCount count : progress.stages()) {
            lines.add(stageLine(count, timers.get(count.stage())));
        }
        if (progress.latest() != null) {
            lines.add("latest: " + progress.latest());
        }
        return lines;
    }

    /** {@code fine-tuning        ########............    1/2   50.0 %  4m12s, ETA 4m12s} */
    public static String stageLine(StageCount count, StageTimer timer) {
        return String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s %s %9s %5.1f %%  %s", count.stage().label(),
                bar(count.effectiveDone() / Math.max(1, count.expected())), count.done() + "/" + count.expected(),
                count.percent(), timing(count, timer));
    }

    /** Elapsed and ETA from the timer; without one (a single look, as {@code status} takes) just the state. */
    static String timing(StageCount count, StageTimer timer) {
        if (timer == null) {
            return count.complete() ? "done" : count.started() ? "in progress" : "waiting";
        }
        if (!timer.started()) {
            return "waiting";
        }
        Duration elapsed = timer.elapsed();
        if (timer.finished()) {
            return elapsed.isZero() ? "done" : "done in " + Durations.format(elapsed);
        }
        Duration eta = timer.eta();
        return Durations.format(elapsed) + ", ETA " + (eta == null ? "--" : Durations.format(eta));
    }

    /** {@code fraction} (0 to 1) of {@value #BAR_WIDTH} cells filled with {@code #}, the rest {@code .}. */
    static String bar(double fraction) {
        int filled = (int) Math.floor(BAR_WIDTH * Math.max(0, Math.min(1, fraction)));
        return "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    }
}
