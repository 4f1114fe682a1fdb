package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkPlan;
import dev.headcount.localstack.ServiceProcesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out inside one experiment: the tiny experiment ({@link TinyExperiments}) once with one process of each GPU
 * worker (the shared system as it starts; {@link PipelineEndToEndIT}'s run when it ran first in this JVM, else its
 * own), then again with a second process of each worker started beside the first, in the same consumer groups. Both
 * replicas of each kind must have done units of the scaled run, every unit of its plan ({@link WorkPlan}) must have
 * been computed exactly once, and its stored results must equal the one-replica run's.
 *
 * <p>The added replicas are stopped at the end, so the tests after this one ({@link WorkerKillIT}) see one of each.
 */
@ExtendWith(SharedSystem.class)
@Order(Integer.MAX_VALUE - 1) // after PipelineEndToEndIT (its run is the baseline), before WorkerKillIT
class ScaleOutIT {

    private static final String OWN_BASELINE = "e2e-scale-baseline";
    private static final String SCALED = "e2e-scale-out";
    private static final Duration FINISH = Duration.ofMinutes(12);

    @Test
    void twoReplicasOfEachWorkerShareTheUnitsAndComputeTheSameResults(RunningSystem system) throws Exception {
        ServiceProcesses services = system.services();
        for (WorkerGroups.Worker worker : WorkerGroups.WORKERS) {
            assertEquals(List.of(worker.service()), services.replicas(worker.service()),
                    "the baseline runs on one replica of each worker");
        }
        String baselineId = PipelineEndToEndIT.EXPERIMENT;
        JsonNode baseline = system.experiment(baselineId);
        if (baseline == null || !baseline.get("status").asText().equals("completed")) {
            baselineId = OWN_BASELINE;
            assertEquals(202, system.submit(TinyExperiments.request(baselineId)).statusCode());
            baseline = system.awaitFinished(baselineId, FINISH);
        }
        assertEquals("completed", baseline.get("status").asText(), baseline.toPrettyString());

        List<String> added = new ArrayList<>();
        try {
            for (WorkerGroups.Worker worker : WorkerGroups.WORKERS) {
                added.add(services.addReplica(worker.service()).name());
            }
            services.awaitReady(Duration.ofMinutes(4));
            WorkerGroups.awaitBalanced(system.stack().kafkaBootstrapServers(), 2, Duration.ofMinutes(2));

            long started = System.nanoTime();
            assertEquals(202, system.submit(TinyExperiments.request(SCALED)).statusCode());
            JsonNode scaled = system.awaitFinished(SCALED, FINISH);
            System.out.printf("scale-out: %s took %.1f min on two replicas of each worker%n", SCALED,
                    (System.nanoTime() - started) / 6e10);
            assertEquals("completed", scaled.get("status").asText(), scaled.toPrettyString());

            ExperimentPlan plan = StoredRequests.plan(new DirectoryArtifactStore(system.stack().artifactRoot()), SCALED);
            WorkLog log = WorkLog.read(system.stack().kafkaBootstrapServers(), SCALED);
            log.assertEveryUnitComputedOnce(WorkPlan.of(plan).units());
            for (WorkerGroups.Worker worker : WorkerGroups.WORKERS) {
                Set<Long> replicas = services.replicas(worker.service()).stream()
                        .map(name -> services.service(name).process().pid())
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<Long> working = log.workers(worker.kinds()).stream().map(WorkLog::pid)
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(replicas, working, worker.service() + ": the replicas (pids) that did "
                        + worker.kinds() + " units, of " + log.workers(worker.kinds()));
            }
            try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
                StoredResults.assertSame(client.getDatabase("headcount"), baselineId, SCALED, plan);
            }
        } finally {
            for (String name : added) {
                services.stop(name);
            }
        }
    }
}
