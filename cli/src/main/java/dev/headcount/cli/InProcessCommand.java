package dev.headcount.cli;

import dev.headcount.cli.inprocess.InProcessRun;
import dev.headcount.cli.inprocess.ProgressFrames;
import dev.headcount.cli.remote.ProgressDisplay;
import dev.headcount.cli.remote.ResultsText;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.pipeline.FineTuneJob;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.report.report.ReportFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./headcount run --in-process}: the request {@code run} would submit, run by {@link InProcessRun} with its
 * artifacts under {@code RUN/artifacts}, its log in {@code RUN/logs} and its report in {@code RUN}; the progress
 * frame of a run through the services on stderr, then the same key tables on stdout.
 */
final class InProcessCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

    private InProcessCommand() {
    }

    /** Returns the exit code: 0 when every unit ran and the report was written. */
    static int run(Map<String, Object> request, Path runDir, PrintStream log) throws Exception {
        // the jobs' log lines go to a file, as the services' do, so that they do not break the progress frame
        // (only if nothing has logged yet: SLF4J's simple logger reads this once)
        Path logFile = runDir.resolve("logs").resolve("in-process.log");
        Files.createDirectories(logFile.getParent());
        if (System.getProperty(LOG_FILE) == null) {
            System.setProperty(LOG_FILE, logFile.toString());
        }
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
                + runDir.resolve("artifacts") + ", log in " + logFile + ")");
        DirectoryArtifactStore store = new DirectoryArtifactStore(runDir.resolve("artifacts"));
        InProcessRun run = new InProcessRun(store, TaskLoading.fromEnvironment(), new FineTuneJob(store),
                new ProgressFrames(ProgressDisplay.onStderr(), System::nanoTime), Clock.systemUTC());
        run.run(requested, runDir);
        System.out.println(ResultsText.render(EventJson.mapper().readTree(runDir.resolve(ReportFiles.JSON).toFile())));
        System.out.println("full report: " + runDir.resolve(ReportFiles.MARKDOWN));
        System.out.flush();
        log.printf(Locale.ROOT, "headcount: experiment %s completed in %.1f min; report in %s%n",
                requested.experimentId(), (System.nanoTime() - started) / 6e10, runDir.resolve(ReportFiles.MARKDOWN));
        return 0;
    }
}
