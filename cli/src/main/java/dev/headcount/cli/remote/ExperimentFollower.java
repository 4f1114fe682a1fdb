package dev.headcount.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Follows one experiment on the report-service until it completes or fails, showing progress bars. A few
 * polls in a row may find nobody answering (a service restarting, a pod rescheduled) before it gives up.
 */
public final class ExperimentFollower {

    /**
     * Consecutive polls without an answer tolerated: a minute at the run's 2 s, enough for {@code headcount run}'s
     * supervisor to start a report-service that died again (backoff, then a JVM and Quarkus start).
     */
    static final int MISSES_TOLERATED = 30;

    private final ReportServiceClient client;
    private final ProgressDisplay display;
    private final Duration interval;
    private final Duration timeout;
    private final Runnable healthCheck;
    private final BooleanSupplier cancelled;

    /**
     * @param healthCheck run before every poll; throws when something the experiment needs is gone (a service
     *                    process that exited)
     * @param cancelled   true once the command is being stopped: following ends with a
     *                    {@link CancellationException} instead of reporting errors of services going down
     */
    public ExperimentFollower(ReportServiceClient client, ProgressDisplay display, Duration interval,
                              Duration timeout, Runnable healthCheck, BooleanSupplier cancelled) {
        this.client = client;
        this.display = display;
        this.interval = interval;
        this.timeout = timeout;
        this.healthCheck = healthCheck;
        this.cancelled = cancelled;
    }

    /** Polls until the experiment is completed or failed; returns its last {@code GET /experiments/{id}}. */
    public JsonNode follow(String experimentId) throws InterruptedException {
        Map<PipelineStage, StageTimer> timers = new EnumMap<>(PipelineStage.class);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int misses = 0;
        while (true) {
            checkCancelled();
            try {
                healthCheck.run();
            } catch (RuntimeException e) {
                checkCancelled();
                throw e;
            }
            JsonNode experiment;
            try {
                experiment = client.experiment(experimentId);
                misses = 0;
            } catch (ReportServiceException e) {
                checkCancelled();
                if (!e.unreachable() || ++misses > MISSES_TOLERATED) {
                    throw e;
                }
                Thread.sleep(interval.toMillis());
                continue;
            }
            long now = System.nanoTime();
            ExperimentProgress progress = ExperimentProgress.of(experiment);
            for (StageCount count : progress.stages()) {
                timers.computeIfAbsent(count.stage(), s -> new StageTimer()).observe(count, now);
            }
            display.show(ProgressFrame.lines(progress, timers, Duration.ofNanos(now - start)), key(progress), now,
                    progress.finished());
            if (progress.finished()) {
                return experiment;
            }
            if (now > deadline) {
                throw new IllegalStateException("experiment " + experimentId + " did not finish within " + timeout
                        + " (it goes on; follow it with ./headcount status " + experimentId + ")");
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("stopped");
        }
    }

    /** What a log line is printed for: the status and the whole units done. */
    private static String key(ExperimentProgress progress) {
        StringBuilder key = new StringBuilder(progress.status());
        progress.stages().forEach(s -> key.append(' ').append(s.done()));
        return key.toString();
    }
}
