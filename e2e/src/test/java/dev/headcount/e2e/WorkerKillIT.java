package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.Supervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fast fault subset: the tiny experiment ({@link TinyExperiments}) once without faults (the one
 * {@link PipelineEndToEndIT} ran when it ran first in this JVM, as it does in the whole suite; else its own), then with the
 * scorer-service {@code kill -9}ed while it scores the fine-tuned model's map and the pruner-service
 * {@code kill -9}ed as it starts the masked evaluations. Both come back through {@link Supervisor}, the policy
 * {@code headcount run} uses, and the consumer groups hand them the records whose offsets the dead ones never
 * committed. The stored results must equal the fault-free run's: the same importance maps bit for bit, the same
 * evaluations, fine-tunes and pruned models with the same values, and not one document more than the plan has.
 */
@ExtendWith(SharedSystem.class)
@Order(Integer.MAX_VALUE) // last (junit-platform.properties): the other tests see a system without restarts
class WorkerKillIT {

    private static final String OWN_BASELINE = "e2e-faults-baseline";
    private static final String KILLED = "e2e-faults-killed";
    private static final Duration FINISH = Duration.ofMinutes(10);

    /** One injected fault: which service, when (a line its log prints), and what the kill interrupted. */
    private record Kill(String service, String when, boolean midWork, long pid) {
    }

    @Test
    void killedWorkersAreRestartedAndTheResultsEqualAFaultFreeRun(RunningSystem system) throws Exception {
        String baselineId = PipelineEndToEndIT.EXPERIMENT;
        JsonNode baseline = system.experiment(baselineId);
        if (baseline == null || !baseline.get("status").asText().equals("completed")) {
            baselineId = OWN_BASELINE;
            assertEquals(202, system.submit(TinyExperiments.request(baselineId)).statusCode());
            baseline = system.awaitFinished(baselineId, FINISH);
        }
        assertEquals("completed", baseline.get("status").asText(), baseline.toPrettyString());
        System.out.println("baseline: " + baselineId);

        List<String> messages = new ArrayList<>();
        Supervisor supervisor = new Supervisor(system.services(), Supervisor.Policy.DEFAULT, System::nanoTime,
                line -> {
                    messages.add(line);
                    System.out.println("supervisor: " + line);
                });
        DirectoryArtifactStore store = new DirectoryArtifactStore(system.stack().artifactRoot());
        ServiceProcesses services = system.services();
        // the scorer takes a shard of the experiment's second map: the downstream task on the fine-tuned model
        Predicate<String> scoringTheDownstreamMap = log -> log.contains(KILLED + ": score/finetuned/");
        // the pruner starts computing the points of a curve
        Predicate<String> evaluating = log -> java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(KILLED)
                + ": evaluate/\\S+: evaluating").matcher(log).find();

        long started = System.nanoTime();
        assertEquals(202, system.submit(TinyExperiments.request(KILLED)).statusCode());
        List<Kill> kills = new ArrayList<>();
        ModelVariant tuned = ModelVariant.finetuned(TinyExperiments.DOWNSTREAM);
        kills.add(killWhen(services, supervisor, "scorer-service", scoringTheDownstreamMap,
                "scoring the fine-tuned model's map",
                () -> uncheckedMapMissing(store, tuned)));
        kills.add(killWhen(services, supervisor, "pruner-service", evaluating, "evaluating a pruning curve",
                () -> {
                    try {
                        return storedEvaluations(store.localPath(store.uriOf(KILLED, ModelVariant.pretrained(), "x"))
                                .getParent().getParent()) < StoredRequests.plan(store, KILLED).evaluations().size();
                    } catch (java.io.IOException e) {
                        return true; // no plan readable yet: nothing evaluated either
                    }
                }));
        JsonNode killed = awaitFinishedSupervised(system, supervisor, KILLED);
        double minutes = (System.nanoTime() - started) / 6e10;
        System.out.printf("faults: %s; the killed run took %.1f min; supervisor said %s%n", kills, minutes, messages);

        assertEquals("completed", killed.get("status").asText(), killed.toPrettyString());
        assertEquals(Map.of("scorer-service", 1, "pruner-service", 1), supervisor.restarts());
        for (String service : List.of("scorer-service", "pruner-service")) {
            assertTrue(messages.contains(service + " exited with code 137; restarting (1 of 3) in 1 s"),
                    messages.toString());
        }
        for (Kill kill : kills) {
            assertTrue(services.service(kill.service()).process().pid() != kill.pid(), kill + " was not restarted");
            String log = new String(Files.readAllBytes(services.service(kill.service()).log()),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(log.contains("---- headcount: " + kill.service() + " exited with code 137; starting it again"),
                    "the log of " + kill.service() + " was not appended to");
        }
        ExperimentPlan plan = StoredRequests.plan(store, KILLED);
        try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
            StoredResults.assertSame(client.getDatabase("headcount"), baselineId, KILLED, plan);
        }
    }

    /**
     * Waits (checking the supervisor meanwhile) for {@code service}'s log to satisfy {@code when} about this
     * experiment, then kills it with SIGKILL, as {@code kill -9} does; {@code midWork} says whether what it was
     * doing was still unfinished at that moment.
     */
    private static Kill killWhen(ServiceProcesses services, Supervisor supervisor, String service,
                                 Predicate<String> when, String what, java.util.function.BooleanSupplier unfinished)
            throws Exception {
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (System.nanoTime() < deadline) {
            supervisor.check();
            ServiceProcesses.Service s = services.service(service);
            // bytes, not Files.readString: a log line that is not UTF-8 must not end the test
            if (when.test(new String(Files.readAllBytes(s.log()), java.nio.charset.StandardCharsets.UTF_8))) {
                boolean midWork = unfinished.getAsBoolean();
                s.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Kill(service, what, midWork, s.process().pid());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(service + " never got to " + what + ":\n" + ServiceProcesses.tail(
                services.service(service).log()));
    }

    private static JsonNode awaitFinishedSupervised(RunningSystem system, Supervisor supervisor, String id)
            throws Exception {
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (System.nanoTime() < deadline) {
            supervisor.check();
            JsonNode status;
            try {
                status = system.experiment(id);
            } catch (java.io.IOException unreachable) {
                status = null;
            }
            if (status != null && (status.get("status").asText().equals("completed")
                    || status.get("status").asText().equals("failed"))) {
                return status;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(id + " not finished after " + FINISH + system.logTails());
    }

    /** The evaluation points stored under the experiment's directory so far (a point is one JSON file). */
    private static long storedEvaluations(Path experiment) {
        try (var files = Files.walk(experiment)) {
            return files.filter(f -> f.toString().contains("/evaluations/") && f.toString().endsWith(".json")).count();
        } catch (java.io.IOException e) {
            return 0; // a directory being written: nothing to count yet
        }
    }

    /** Whether the killed experiment's map of the downstream task on {@code variant} is not stored yet. */
    private static boolean uncheckedMapMissing(DirectoryArtifactStore store, ModelVariant variant) {
        try {
            return ImportanceMapFile.read(store, KILLED, variant, TinyExperiments.DOWNSTREAM).isEmpty();
        } catch (java.io.IOException e) {
            return true; // a map being written is not there yet
        }
    }
}
