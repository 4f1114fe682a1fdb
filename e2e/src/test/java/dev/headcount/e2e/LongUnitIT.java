package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.WorkerScale;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Units that run longer than the worker consumers' {@code max.poll.interval.ms}: a system of its own with two
 * replicas of each GPU worker (one compute thread each), whose work-topic consumers may go only
 * {@value #POLL_INTERVAL_MS} ms between polls, runs the tiny experiment, some of whose units take longer than that.
 * A consumer that blocked its poll loop for a unit would be thrown out of its group and its unit handed to the other
 * replica, again and again (a rebalance storm, duplicate work); here every unit must be handled exactly once, no
 * worker's Kafka client may report an expired poll timeout, and no consumer may be assigned partitions anew while the
 * experiment runs.
 */
class LongUnitIT {
    static final int POLL_INTERVAL_MS = 3000;
    private static final String EXPERIMENT = "e2e-long-units";
    /** What a consumer thrown out of its group for not polling logs (Kafka's AbstractCoordinator, WARN). */
    private static final String POLL_TIMEOUT = "consumer poll timeout has expired";
    /** What a consumer logs (INFO) each time a rebalance hands it its partitions. */
    private static final String ASSIGNED = "Adding newly assigned partitions";

    private static RunningSystem system;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        // each worker's own channel gets the short interval as a system property: the environment-variable form
        // (MP_MESSAGING_INCOMING_SCORER_IN_...) cannot be used, because SmallRye reads the channel's name back from
        // the variable's name and the dash in "scorer-in" comes back as a dot (a channel "scorer" without connector)
        for (String[] worker : new String[][]{{"scorer-service", "scorer-in"}, {"pruner-service", "pruner-in"},
                {"finetune-service", "finetune-in"}}) {
            environments.put(worker[0], Map.of("JAVA_TOOL_OPTIONS", "-Dmp.messaging.incoming." + worker[1]
                    + ".max.poll.interval.ms=" + POLL_INTERVAL_MS));
        }
        // the consumers' configuration and assignments in the logs, whatever the services' own level for Kafka: they
        // show that the interval took effect (else this test would prove nothing) and when a rebalance happened
        List<String> javaOptions = List.of("-Dquarkus.log.category.\"org.apache.kafka.clients.consumer\".level=INFO");
        system = RunningSystem.start("service-logs-long-units", javaOptions, environments, new WorkerScale(2, 1));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void unitsLongerThanThePollIntervalAreDoneOnceWithoutRebalancing() throws Exception {
        WorkerGroups.awaitBalanced(system.stack().kafkaBootstrapServers(), 2, Duration.ofMinutes(2));
        Map<String, Integer> assignmentsBefore = quietAssignments(Duration.ofMinutes(1));
        assertEquals(202, system.submit(TinyExperiments.request(EXPERIMENT)).statusCode());
        JsonNode status = system.awaitFinished(EXPERIMENT, Duration.ofMinutes(15));
        assertEquals("completed", status.get("status").asText(), status.toPrettyString());

        ExperimentPlan plan = StoredRequests.plan(new DirectoryArtifactStore(system.stack().artifactRoot()),
                EXPERIMENT);
        WorkLog log = WorkLog.read(system.stack().kafkaBootstrapServers(), EXPERIMENT);
        WorkDone longest = log.done().stream().max(Comparator.comparingDouble(WorkDone::seconds)).orElseThrow();
        System.out.printf(Locale.ROOT, "long units: %d units, the longest %s took %.1f s on %s%n", log.done().size(),
                longest.unit().id(), longest.seconds(), longest.worker());
        assertTrue(longest.seconds() * 1000 > POLL_INTERVAL_MS, "no unit outlasted max.poll.interval.ms ("
                + POLL_INTERVAL_MS + " ms; the longest, " + longest.unit().id() + ", took " + longest.seconds()
                + " s): this run tests nothing");
        log.assertEveryUnitComputedOnce(WorkPlan.of(plan).units());

        ServiceProcesses services = system.services();
        for (WorkerGroups.Worker worker : WorkerGroups.WORKERS) {
            for (String name : services.replicas(worker.service())) {
                String text = new String(Files.readAllBytes(services.service(name).log()), StandardCharsets.UTF_8);
                // the JVM says it took the setting (the connector hands every channel attribute to its consumer;
                // the consumer's own dump of its configuration is not logged under Quarkus)
                assertTrue(text.contains("Picked up JAVA_TOOL_OPTIONS: -Dmp.messaging.incoming.")
                        && text.contains(".max.poll.interval.ms=" + POLL_INTERVAL_MS), name
                        + " did not start with max.poll.interval.ms = " + POLL_INTERVAL_MS + ":\n"
                        + ServiceProcesses.tail(services.service(name).log()));
                assertFalse(text.contains(POLL_TIMEOUT), name + " was thrown out of its group for not polling:\n"
                        + ServiceProcesses.tail(services.service(name).log()));
            }
        }
        // no rebalance while the experiment ran: no consumer was handed partitions again
        assertEquals(assignmentsBefore, assignments(), "rebalances during the experiment (assignments per replica)");
        // still two members per group, each with its share: nobody left, nobody is rejoining
        WorkerGroups.awaitBalanced(system.stack().kafkaBootstrapServers(), 2, Duration.ofSeconds(30));
    }

    /** Per worker replica, how often its consumers were assigned partitions so far (its log's assignment lines). */
    private static Map<String, Integer> assignments() throws java.io.IOException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        ServiceProcesses services = system.services();
        for (WorkerGroups.Worker worker : WorkerGroups.WORKERS) {
            for (String name : services.replicas(worker.service())) {
                String text = new String(Files.readAllBytes(services.service(name).log()), StandardCharsets.UTF_8);
                int n = 0;
                for (int i = text.indexOf(ASSIGNED); i >= 0; i = text.indexOf(ASSIGNED, i + 1)) {
                    n++;
                }
                counts.put(name, n);
            }
        }
        return counts;
    }

    /**
     * The assignment counts once every replica has logged an assignment and none changed for 3 s: the group being
     * stable at the broker does not mean each consumer has already logged what the last rebalance gave it.
     */
    private static Map<String, Integer> quietAssignments(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> last = assignments();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            Map<String, Integer> now = assignments();
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            } else if (now.values().stream().allMatch(n -> n > 0)
                    && System.nanoTime() - quietSince > Duration.ofSeconds(3).toNanos()) {
                return now;
            }
        }
        throw new AssertionError("the workers' assignments did not settle (or one never logged '" + ASSIGNED
                + "'): " + last);
    }
}
