package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.localstack.ServiceProcesses;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The infrastructure stopped for {@link #OUTAGE} in the middle of the tiny experiment ({@link TinyExperiments}) and
 * started again in place: the Kafka broker on the same port and log directory, and, in a second experiment, the
 * MongoDB server on the same port and data file. While the broker is down every service must report not-ready
 * ({@code /q/health/ready}: its Kafka channels have no connection); while the database is down the report-service
 * must (its MongoDB check fails) and the GPU workers, which never touch MongoDB, must not. Afterwards every service is
 * ready again, the experiment completes, and its stored results equal a fault-free run's ({@link StoredResults}:
 * nothing lost, no document twice). Each test prints how long the recovery took: from the restart to every service
 * ready, and to the next progress stored in MongoDB.
 *
 * <p>Behind the {@code faults} Maven profile (tag {@code faults}): each outage adds its 30 s and a whole experiment.
 */
@Tag("faults")
@ExtendWith(SharedSystem.class)
@Order(Integer.MAX_VALUE - 2) // after PipelineEndToEndIT (its run is the baseline), before ScaleOutIT and WorkerKillIT
class OutageIT {

    static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration FINISH = Duration.ofMinutes(15);
    private static final String OWN_BASELINE = "e2e-outage-baseline";

    /** What to stop, and what must be seen meanwhile. */
    private record Outage(String dependency, Runnable stop, Runnable restart, boolean database,
                          List<String> mustGoDown, List<String> mustStayUp) {
    }

    /** How one outage went, in seconds from the restart (the broker or server listening again). */
    record Recovery(String dependency, String experiment, double restartTook, Map<String, Double> readyAfter,
                    double allReadyAfter, double nextProgressAfter, double runMinutes, int handlings, int units,
                    long readBack) {
        @Override
        public String toString() {
            return String.format("outage of the %s during %s: down %d s; the restart took %.1f s; ready again after the"
                            + " restart: %s (all: %.1f s); the next progress stored %.1f s after the restart; the run"
                            + " took %.1f min; %d units handled %d times (%d read back from the store)",
                    dependency, experiment, OUTAGE.toSeconds(), restartTook, readyAfter.entrySet().stream()
                            .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue())).toList(),
                    allReadyAfter, nextProgressAfter, runMinutes, units, handlings, readBack);
        }
    }

    @Test
    void theBrokerStoppedForThirtySecondsLosesNothingAndDuplicatesNothing(RunningSystem system) throws Exception {
        var kafka = system.stack().kafka();
        Recovery recovery = survive(system, "e2e-outage-kafka", new Outage("Kafka broker", kafka::stop,
                kafka::restart, false, system.services().names(), List.of()));
        System.out.println(recovery);
    }

    @Test
    void theDatabaseStoppedForThirtySecondsLosesNothingAndDuplicatesNothing(RunningSystem system) throws Exception {
        var mongo = system.stack().mongo();
        Recovery recovery = survive(system, "e2e-outage-mongo", new Outage("MongoDB server", mongo::stop,
                mongo::restart, true, List.of("report-service"), ServiceProcesses.WORKERS));
        System.out.println(recovery);
    }

    private static Recovery survive(RunningSystem system, String experiment, Outage outage) throws Exception {
        String baselineId = baseline(system);
        ServiceProcesses services = system.services();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(system.stack().mongoConnectionString()))
                // the test's own reads must not wait out the outage: a read that finds no server is "nothing yet"
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .build());
             ReadinessWatch watch = ReadinessWatch.start(services)) {
            long started = System.nanoTime();
            assertEquals(202, system.submit(TinyExperiments.request(experiment)).statusCode());
            awaitFirstMap(system, client, experiment);
            watch.awaitAllReady(System.nanoTime(), Duration.ofMinutes(1));

            Set<Object> progress = outage.database() ? progressIds(client, experiment) : null;
            long stopped = System.nanoTime();
            outage.stop().run();
            Thread.sleep(OUTAGE.toMillis());
            long restarting = System.nanoTime();
            if (!outage.database()) {
                // what the report-service stored meanwhile from records it had fetched before the broker went away
                progress = progressIds(client, experiment);
            }
            outage.restart().run();
            long restarted = System.nanoTime();

            long allReady = watch.awaitAllReady(restarted, Duration.ofMinutes(3));
            Map<String, Double> readyAfter = new LinkedHashMap<>();
            for (String service : watch.services()) {
                readyAfter.put(service, seconds(restarted, watch.firstReady(service, restarted).orElseThrow()));
            }
            long nextProgress = awaitNewProgress(client, experiment, progress);
            JsonNode finished = system.awaitFinished(experiment, FINISH);
            double minutes = (System.nanoTime() - started) / 6e10;
            System.out.println("readiness around the " + outage.dependency() + " outage (seconds from the stop; the"
                    + " restart at " + String.format("%.1f", seconds(stopped, restarted)) + "):"
                    + watch.summary(stopped));

            assertEquals("completed", finished.get("status").asText(), finished.toPrettyString());
            for (String service : outage.mustGoDown()) {
                assertTrue(watch.between(service, stopped, restarting).stream().anyMatch(s -> !s.ready()),
                        service + " never reported not-ready while the " + outage.dependency() + " was down:"
                                + watch.summary(stopped));
            }
            for (String service : outage.mustStayUp()) {
                assertTrue(watch.between(service, stopped, restarting).stream().allMatch(ReadinessWatch.Sample::ready),
                        service + " does not use the " + outage.dependency() + " but reported not-ready:"
                                + watch.summary(stopped));
            }
            ExperimentPlan plan = StoredRequests.plan(new DirectoryArtifactStore(system.stack().artifactRoot()),
                    experiment);
            StoredResults.assertSame(client.getDatabase("headcount"), baselineId, experiment, plan);
            WorkLog log = WorkLog.read(system.stack().kafkaBootstrapServers(), experiment);
            return new Recovery(outage.dependency(), experiment, seconds(restarting, restarted), readyAfter,
                    seconds(restarted, allReady), seconds(restarted, nextProgress), minutes, log.done().size(),
                    WorkPlan.of(plan).units().size(), log.done().stream().filter(WorkDone::reused).count());
        }
    }

    /** The fault-free run to compare with: {@link PipelineEndToEndIT}'s when it ran in this JVM, else one of its own. */
    private static synchronized String baseline(RunningSystem system) throws Exception {
        for (String id : List.of(PipelineEndToEndIT.EXPERIMENT, OWN_BASELINE)) {
            JsonNode status = system.experiment(id);
            if (status != null && status.get("status").asText().equals("completed")) {
                return id;
            }
        }
        long started = System.nanoTime();
        assertEquals(202, system.submit(TinyExperiments.request(OWN_BASELINE)).statusCode());
        JsonNode baseline = system.awaitFinished(OWN_BASELINE, FINISH);
        System.out.printf("outage baseline %s (no fault) took %.1f min%n", OWN_BASELINE, (System.nanoTime() - started) / 6e10);
        assertEquals("completed", baseline.get("status").asText(), baseline.toPrettyString());
        return OWN_BASELINE;
    }

    /**
     * Waits until the experiment's first importance map is stored — the middle of the tiny experiment: fine-tunes,
     * maps, pruned models and evaluations still to come — and checks it is still running.
     */
    private static void awaitFirstMap(RunningSystem system, MongoClient client, String experiment) throws Exception {
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (client.getDatabase("headcount").getCollection("importance")
                .countDocuments(Filters.eq("experimentId", experiment)) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(experiment + ": no importance map after " + FINISH + system.logTails());
            }
            Thread.sleep(200);
        }
        JsonNode status = system.experiment(experiment);
        assertEquals("running", status == null ? null : status.get("status").asText(),
                "the outage must fall in the middle of the experiment");
    }

    private static Set<Object> progressIds(MongoClient client, String experiment) {
        Set<Object> ids = new HashSet<>();
        for (Document doc : client.getDatabase("headcount").getCollection("progress")
                .find(Filters.eq("experimentId", experiment)).projection(new Document("_id", 1))) {
            ids.add(doc.get("_id"));
        }
        return ids;
    }

    /** When a progress document that {@code seen} does not have was first read back from MongoDB. */
    private static long awaitNewProgress(MongoClient client, String experiment, Set<Object> seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!seen.containsAll(progressIds(client, experiment))) {
                    return System.nanoTime();
                }
            } catch (MongoException reconnecting) {
                // the test's client finds the restarted server a moment later: nothing new yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(experiment + ": no new progress within 5 min of the restart");
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
