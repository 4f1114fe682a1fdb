package dev.headcount.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.cli.remote.CannedReportService.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Following an experiment on a canned report-service until it ends. */
class ExperimentFollowerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private ExperimentFollower follower(CannedReportService service, Runnable healthCheck, boolean cancelled) {
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 80,
                Duration.ZERO, Duration.ofSeconds(60));
        return new ExperimentFollower(ReportServiceClient.of(service.url(), "--url"), display, Duration.ofMillis(5),
                Duration.ofMinutes(1), healthCheck, () -> cancelled);
    }

    private static String completed() throws Exception {
        ObjectNode experiment = (ObjectNode) JSON.readTree(CannedReportService.resource("experiment-running.json"));
        experiment.put("status", "completed");
        for (String stage : new String[] {"importanceMaps", "evaluations", "fineTunes", "prunedModels"}) {
            ObjectNode count = (ObjectNode) experiment.path("progress").path(stage);
            count.put("done", count.path("expected").asInt());
        }
        var fineTunes = (com.fasterxml.jackson.databind.node.ArrayNode) experiment.path("results").path("fineTunes");
        fineTunes.addObject().put("kind", "pruned-then-finetuned");
        return JSON.writeValueAsString(experiment);
    }

    @Test
    void followsUntilCompletedAndLogsPlainLines() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            String running = CannedReportService.resource("experiment-running.json");
            service.on("GET", "/experiments/exp-report", Answer.json(running), Answer.json(running),
                    Answer.json(completed()));
            var last = follower(service, () -> { }, false).follow("exp-report");
            assertEquals("completed", last.path("status").asText());
            assertEquals(3, service.received().size());
            String log = bytes.toString(StandardCharsets.UTF_8);
            assertFalse(log.contains("\u001b"), log);
            // printed for the first sighting and when units finished, not for the unchanged second poll
            assertEquals(2, log.split("experiment exp-report: ", -1).length - 1, log);
            assertTrue(log.contains("experiment exp-report: completed, 100.0 %"), log);
            assertTrue(log.contains("evaluations        ####################     24/24 100.0 %  done in 0s"), log);
        }
    }

    @Test
    void anExperimentThatDisappearsEndsWithTheServicesMessage() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            service.on("GET", "/experiments/exp-report",
                    Answer.json(CannedReportService.resource("experiment-running.json")),
                    Answer.problem(404, "no experiment 'exp-report'"));
            ReportServiceException e = assertThrows(ReportServiceException.class,
                    () -> follower(service, () -> { }, false).follow("exp-report"));
            assertEquals("no experiment 'exp-report'", e.getMessage());
        }
    }

    @Test
    void aFailedHealthCheckEndsFollowing() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> follower(service, () -> {
                throw new IllegalStateException("scorer-service exited with code 1");
            }, false).follow("exp-report"));
            assertEquals("scorer-service exited with code 1", e.getMessage());
            assertTrue(service.received().isEmpty());
        }
    }

    @Test
    void stoppingEndsQuietly() throws Exception {
        try (CannedReportService service = new CannedReportService()) {
            assertThrows(CancellationException.class, () -> follower(service, () -> {
                throw new IllegalStateException("a service going down while stopping");
            }, true).follow("exp-report"));
        }
    }
}
