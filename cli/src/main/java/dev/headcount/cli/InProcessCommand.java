package dev.headcount.cli;

import dev.headcount.cli.inprocess.InProcessRun;
import dev.headcount.cli.remote.ResultsText;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.FineTuneJob;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.report.report.ReportFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./headcount run --in-process}: the request {@code run} would submit, run by {@link InProcessRun} with its
 * artifacts under {@code RUN/artifacts} and its report in {@code RUN}; a line per unit of work on stderr, then the
 * same key tables as a run through the services.
 */
final class InProcessCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private InProcessCommand() {
    }

    /** Returns the exit code: 0 when every unit ran and the report was written. */
    static int run(Map<String, Object> request, Path runDir, PrintStream log) throws Exception {
        ExperimentRequest parsed;
        try {
            parsed = EventJson.mapper().convertValue(request, ExperimentRequest.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the request is not readable: " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        ExperimentRequested requested = new ExperimentRequested("in-process-" + TIME.format(now), parsed, now);
        long started = System.nanoTime();
        log.println("headcount: experiment " + requested.experimentId() + " in this JVM (artifacts in "
                + runDir.resolve("artifacts") + ")");
        DirectoryArtifactStore store = new DirectoryArtifactStore(runDir.resolve("artifacts"));
        InProcessRun run = new InProcessRun(store, TaskLoading.fromEnvironment(), new FineTuneJob(store),
                lines(log), Clock.systemUTC());
        run.run(requested, runDir);
        System.out.println(ResultsText.render(EventJson.mapper().readTree(runDir.resolve(ReportFiles.JSON).toFile())));
        System.out.println("full report: " + runDir.resolve(ReportFiles.MARKDOWN));
        System.out.flush();
        log.printf(Locale.ROOT, "headcount: experiment %s completed in %.1f min; report in %s%n",
                requested.experimentId(), (System.nanoTime() - started) / 6e10, runDir.resolve(ReportFiles.MARKDOWN));
        return 0;
    }

    /** One line per unit: which one starts, and how long it took. */
    static InProcessRun.Listener lines(PrintStream log) {
        return new InProcessRun.Listener() {
            @Override
            public void started(WorkUnit unit, int index, int total) {
                log.printf(Locale.ROOT, "headcount: [%d/%d] %s ...%n", index, total, unit.id());
            }

            @Override
            public void done(WorkDone done, int index, int total) {
                log.printf(Locale.ROOT, "headcount: [%d/%d] %s %s in %.1f s%n", index, total, done.unit().id(),
                        done.reused() ? "read back" : "done", done.seconds());
            }
        };
    }
}
