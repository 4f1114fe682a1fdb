package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.WorkerScale;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a GPU worker in the middle of a unit, with real processes: a system of its own with one replica of each
 * worker, the tiny experiment once as the baseline, then a second finetune-service replica beside the first, and
 * SIGTERM to that second replica as soon as it starts a fine-tune:
 * <ol>
 *   <li>with a generous {@code headcount.worker.stop-deadline}, the replica finishes the unit (publishes its
 *       {@code WorkDone} after the signal), exits 0, and nothing is computed twice;</li>
 *   <li>with a short one (a new second replica), the replica hands the unit back and exits 0: the first replica
 *       computes the unit, the experiment completes, every unit is computed exactly once and the stored results
 *       equal the baseline's.</li>
 * </ol>
 */
class GracefulStopIT {
    private static final String WORKER = "finetune-service";
    private static final String DEADLINE = "HEADCOUNT_WORKER_STOP_DEADLINE";
    private static final Duration GENEROUS = Duration.ofMinutes(5);
    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final String BASELINE = "e2e-graceful-baseline";
    private static final String FINISHED = "e2e-graceful-finish";
    private static final String HANDED_BACK = "e2e-graceful-handback";
    private static final Duration FINISH = Duration.ofMinutes(12);

    private static RunningSystem system;

    /** One SIGTERM: to whom, when, which unit it was doing, how long the process took to exit and with what code. */
    private record Stop(String replica, long pid, String unit, Instant signalled, double seconds, int exitCode) {
    }

    @BeforeAll
    static void start() throws Exception {
        // the first replica (the one that stays) waits generously: it is never stopped here
        system = RunningSystem.start("service-logs-graceful", List.of(),
                Map.of(WORKER, Map.of(DEADLINE, GENEROUS.toString())), new WorkerScale(1, 1));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aStoppedWorkerFinishesItsUnitWithinTheDeadlineOrHandsItBack() throws Exception {
        ServiceProcesses services = system.services();
        String bootstrap = system.stack().kafkaBootstrapServers();
        List<WorkerGroups.Worker> finetuner = WorkerGroups.WORKERS.stream()
                .filter(w -> w.service().equals(WORKER)).toList();
        assertEquals(202, system.submit(TinyExperiments.request(BASELINE)).statusCode());
        JsonNode baseline = system.awaitFinished(BASELINE, FINISH);
        assertEquals("completed", baseline.get("status").asText(), baseline.toPrettyString());

        // (a) a generous deadline: the unit in progress is finished, then the replica exits
        String second = services.addReplica(WORKER).name();
        services.awaitReady(Duration.ofMinutes(4));
        WorkerGroups.awaitBalanced(bootstrap, finetuner, 2, Duration.ofMinutes(2));
        assertEquals(202, system.submit(TinyExperiments.request(FINISHED)).statusCode());
        Stop finished = stopWhenBusy(services, second, FINISHED);
        String log = read(services.service(second).log());
        Files.copy(services.service(second).log(), services.service(second).log().resolveSibling(second
                + "-" + FINISHED + ".log"), StandardCopyOption.REPLACE_EXISTING);
        services.stop(second); // already exited: forget it, so the next replica takes its name
        assertTrue(log.contains("stopping: finishing unit " + finished.unit() + " of " + FINISHED + " (deadline "
                + GENEROUS.toSeconds() + "s)"), log);
        assertTrue(log.contains("stopping: unit " + finished.unit() + " of " + FINISHED + " finished"), log);
        assertFalse(log.contains("handing back unit"), log);
        JsonNode status = system.awaitFinished(FINISHED, FINISH);
        assertEquals("completed", status.get("status").asText(), status.toPrettyString());
        WorkDone done = doneOnce(FINISHED, finished.unit());
        assertEquals(finished.pid(), WorkLog.pid(done.worker()), "the stopped replica published the unit's WorkDone: "
                + done);
        assertTrue(done.finishedAt().isAfter(finished.signalled()), "the unit was not in progress at the signal "
                + finished + " (" + done + "): this run tests nothing");
        assertEquals(0, finished.exitCode(), "exit code after finishing: " + finished);

        // (b) a short deadline: the unit is handed back and the first replica computes it
        second = services.addReplica(WORKER, Map.of(DEADLINE, SHORT.toString())).name();
        services.awaitReady(Duration.ofMinutes(4));
        WorkerGroups.awaitBalanced(bootstrap, finetuner, 2, Duration.ofMinutes(2));
        assertEquals(202, system.submit(TinyExperiments.request(HANDED_BACK)).statusCode());
        Stop handedBack = stopWhenBusy(services, second, HANDED_BACK);
        log = read(services.service(second).log());
        Files.copy(services.service(second).log(), services.service(second).log().resolveSibling(second
                + "-" + HANDED_BACK + ".log"), StandardCopyOption.REPLACE_EXISTING);
        services.stop(second);
        assertTrue(log.contains("handing back unit " + handedBack.unit() + " of " + HANDED_BACK + ": not finished"
                + " within " + SHORT.toSeconds() + "s"), log);
        status = system.awaitFinished(HANDED_BACK, FINISH);
        assertEquals("completed", status.get("status").asText(), status.toPrettyString());
        assertEquals(0, handedBack.exitCode(), "a hand-back is an orderly stop too: " + handedBack);
        WorkDone redone = doneOnce(HANDED_BACK, handedBack.unit());
        long first = services.service(WORKER).process().pid();
        assertEquals(first, WorkLog.pid(redone.worker()), "the other replica did the handed-back unit: " + redone);
        System.out.printf(Locale.ROOT, "graceful stop: (a) %s finished %s and exited %d after %.1f s; (b) %s handed"
                        + " back %s and exited %d after %.1f s, %s (pid %d) computed it in %.1f s%n",
                finished.replica(), finished.unit(), finished.exitCode(), finished.seconds(), handedBack.replica(),
                handedBack.unit(), handedBack.exitCode(), handedBack.seconds(), WORKER, first, redone.seconds());

        DirectoryArtifactStore store = new DirectoryArtifactStore(system.stack().artifactRoot());
        try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
            for (String experiment : List.of(FINISHED, HANDED_BACK)) {
                ExperimentPlan plan = StoredRequests.plan(store, experiment);
                WorkLog.read(bootstrap, experiment).assertEveryUnitComputedOnce(WorkPlan.of(plan).units());
                StoredResults.assertSame(client.getDatabase("headcount"), BASELINE, experiment, plan);
            }
        }
    }

    /**
     * Waits for {@code replica} to start a unit of {@code experiment}, sends it SIGTERM at once, and waits for the
     * process to exit.
     */
    private static Stop stopWhenBusy(ServiceProcesses services, String replica, String experiment) throws Exception {
        ServiceProcesses.Service s = services.service(replica);
        Pattern started = Pattern.compile("(?m)starting unit (\\S+) of " + Pattern.quote(experiment) + "\\s*$");
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = started.matcher(read(s.log()));
            if (m.find()) {
                Instant signalled = Instant.now();
                long t0 = System.nanoTime();
                s.process().destroy(); // SIGTERM, as the kubelet sends it
                assertTrue(s.process().waitFor(3, TimeUnit.MINUTES), replica + " did not exit after SIGTERM:\n"
                        + ServiceProcesses.tail(s.log()));
                return new Stop(replica, s.process().pid(), m.group(1), signalled, (System.nanoTime() - t0) / 1e9,
                        s.process().exitValue());
            }
            if (!s.process().isAlive()) {
                throw new AssertionError(replica + " died:\n" + ServiceProcesses.tail(s.log()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(replica + " never started a unit of " + experiment + system.logTails());
    }

    /** The one WorkDone of {@code unit} in {@code experiment}'s log (there must be exactly one). */
    private static WorkDone doneOnce(String experiment, String unit) throws Exception {
        List<WorkDone> done = WorkLog.read(system.stack().kafkaBootstrapServers(), experiment).done().stream()
                .filter(d -> d.unit().id().equals(unit)).toList();
        assertEquals(1, done.size(), experiment + ": " + unit + " done " + done.size() + " times: " + done);
        assertFalse(done.get(0).reused(), "computed, not read back: " + done.get(0));
        return done.get(0);
    }

    private static String read(Path log) throws java.io.IOException {
        // bytes, not Files.readString: a log line that is not UTF-8 must not end the test
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
