package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Topics;
import dev.headcount.localstack.ServiceProcesses;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replay (issue 14): after the tiny experiment completed ({@link PipelineEndToEndIT}'s when it ran first in this JVM,
 * else its own), a second report-service process starts with an empty MongoDB database, a new consumer group (which
 * reads every topic from the beginning) and {@code headcount.report.replay=true}. Once its group has consumed every
 * record, its database must hold the first service's documents, every experiment's report (JSON and Markdown, through
 * the API) must equal the first service's (and report.json the file the first one wrote), and it must have published
 * nothing: no topic, the work topics above all, has one record more.
 *
 * <p>Fields that legitimately differ, and only these, are left out of the comparison: {@code experiments.submittedBy}
 * (the address that POSTed the request, known only to the service that took it: it is in no event) and
 * {@code units.inReport} (marks units listed by report files the service wrote; a replay writes none). The report
 * itself has no per-run field: its times are the events' ({@code requestedAt} of ExperimentRequested,
 * {@code completedAt} of ExperimentCompleted).
 */
@ExtendWith(SharedSystem.class)
@Order(Integer.MAX_VALUE - 1) // after the tests without @Order, before WorkerKillIT's restarts
class ReplayIT {
    private static final String OWN_BASELINE = "e2e-replay-baseline";
    private static final String GROUP = "report";
    private static final String REPLAY_GROUP = "report-replay";
    private static final String REPLAY_DATABASE = "headcount-replay";
    /** What the report-service consumes (application.properties, channel events). */
    private static final List<String> CONSUMED = List.of(Topics.EXPERIMENTS, Topics.MODELS, Topics.HEAD_IMPORTANCE,
            Topics.PRUNING_EVALUATIONS, Topics.PROGRESS);
    /** Every topic of the system: a replay must add to none. */
    private static final List<String> ALL = List.of(Topics.EXPERIMENTS, Topics.MODELS, Topics.HEAD_IMPORTANCE,
            Topics.PRUNING_EVALUATIONS, Topics.PROGRESS, Topics.DEAD_LETTER, Topics.SCORING_JOBS, Topics.PRUNING_JOBS,
            Topics.FINETUNE_JOBS);
    /** Per-run fields (class comment), by collection. */
    private static final Map<String, Set<String>> PER_RUN = Map.of("experiments", Set.of("submittedBy"),
            "units", Set.of("inReport"));

    @Test
    void aFreshReportServiceReplayingEveryTopicRebuildsTheIdenticalReport(RunningSystem system) throws Exception {
        // any completed experiment of this JVM's earlier tests will do (the end-to-end test's first); else its own
        String baseline = PipelineEndToEndIT.EXPERIMENT;
        JsonNode status = system.experiment(baseline);
        if (status == null || !status.get("status").asText().equals("completed")) {
            baseline = awaitEveryExperimentFinal(system).stream().filter(id -> {
                try {
                    return system.experiment(id).get("status").asText().equals("completed");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).findFirst().orElse(OWN_BASELINE);
            status = system.experiment(baseline);
        }
        if (status == null || !status.get("status").asText().equals("completed")) {
            baseline = OWN_BASELINE;
            assertEquals(202, system.submit(TinyExperiments.request(baseline)).statusCode());
            status = system.awaitFinished(baseline, Duration.ofMinutes(10));
        }
        assertEquals("completed", status.get("status").asText(), status.toPrettyString());
        List<String> experiments = awaitEveryExperimentFinal(system);

        String bootstrap = system.stack().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, Long> before = awaitQuiet(admin, Duration.ofMinutes(5));
            long records = endOffsets(admin, CONSUMED).values().stream().mapToLong(Long::longValue).sum();

            long started = System.nanoTime();
            Process replay = startReplay(system);
            try {
                URI replayed = URI.create("http://127.0.0.1:" + replayPort);
                awaitReady(system, replay, replayed);
                double ready = (System.nanoTime() - started) / 1e9;
                awaitCaughtUp(admin, REPLAY_GROUP, CONSUMED, Duration.ofMinutes(5));
                double caughtUp = (System.nanoTime() - started) / 1e9;
                System.out.printf("replay: %d records of %s replayed into an empty database in %.1f s (%.1f s of it "
                        + "starting the service); %d experiments%n", records, CONSUMED, caughtUp, ready,
                        experiments.size());

                assertEquals(before, endOffsets(admin, ALL),
                        "a topic has more records after the replay: the replaying service published, or the system "
                                + "was not quiet");
                HttpResponse<String> refused = system.http().send(HttpRequest.newBuilder(replayed.resolve("/experiments"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                RunningSystem.JSON.writeValueAsString(TinyExperiments.request("e2e-replay-refused"))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, refused.statusCode(), refused.body());

                try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
                    assertSameDocuments(client.getDatabase("headcount"), client.getDatabase(REPLAY_DATABASE));
                }
                for (String experiment : experiments) {
                    for (String format : List.of("json", "md")) {
                        assertEquals(report(system, system.report(), experiment, format),
                                report(system, replayed, experiment, format), experiment + "'s report (" + format
                                        + ") from the replay differs from the first service's");
                    }
                }
                DirectoryArtifactStore store = new DirectoryArtifactStore(system.stack().artifactRoot());
                // report.json only: the report.md on disk also links the figures and CSV files written beside it,
                // which the API's Markdown (compared above) has not
                Path written = store.localPath(store.uriOf(baseline, ModelVariant.pretrained(), "report.json"));
                assertEquals(Files.readString(written), report(system, replayed, baseline, "json"),
                        "the replay's report differs from the " + written + " the first service wrote");
            } finally {
                replay.destroy();
                if (!replay.waitFor(20, TimeUnit.SECONDS)) {
                    replay.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
                    client.getDatabase(REPLAY_DATABASE).drop();
                }
            }
        }
    }

    private int replayPort;

    /** The packaged report-service on the same stack, in replay mode, with its own group, database and port. */
    private Process startReplay(RunningSystem system) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            replayPort = socket.getLocalPort();
        }
        Path jar = system.repository().resolve("report-service/target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx600m", "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", system.stack().kafkaBootstrapServers());
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", system.stack().mongoConnectionString());
        env.put("HEADCOUNT_ARTIFACT_ROOT", system.stack().artifactRoot().toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(replayPort));
        env.put("HEADCOUNT_MONGODB_DATABASE", REPLAY_DATABASE);
        env.put("MP_MESSAGING_INCOMING_EVENTS_GROUP_ID", REPLAY_GROUP);
        env.put("HEADCOUNT_REPORT_REPLAY", "true");
        Path log = system.repository().resolve("e2e/target/service-logs/report-service-replay.log");
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static void awaitReady(RunningSystem system, Process replay, URI base) throws Exception {
        Path log = system.repository().resolve("e2e/target/service-logs/report-service-replay.log");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!replay.isAlive()) {
                throw new AssertionError("the replaying report-service exited with code " + replay.exitValue() + ":\n"
                        + ServiceProcesses.tail(log));
            }
            try {
                if (system.http().send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the replaying report-service was not ready after 3 minutes:\n"
                + ServiceProcesses.tail(log));
    }

    /** Waits until no experiment is running (a replay is compared with a database that no longer changes). */
    private static List<String> awaitEveryExperimentFinal(RunningSystem system) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            HttpResponse<String> list = system.http().send(HttpRequest.newBuilder(system.report().resolve("/experiments"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            List<String> ids = new ArrayList<>();
            List<String> running = new ArrayList<>();
            for (JsonNode experiment : RunningSystem.JSON.readTree(list.body())) {
                ids.add(experiment.get("experimentId").asText());
                if (experiment.get("status").asText().equals("running")) {
                    running.add(experiment.get("experimentId").asText());
                }
            }
            if (running.isEmpty()) {
                return ids;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("experiments still running after 10 minutes: " + running);
            }
            Thread.sleep(2000);
        }
    }

    /**
     * Waits until nothing moves: the first report-service and every worker group have consumed everything (the last
     * units' WorkDone come after the completion; a failed experiment's units already handed out still run) and no
     * topic grew for a few seconds. Returns the end offsets of every topic then.
     */
    private static Map<TopicPartition, Long> awaitQuiet(Admin admin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> before = endOffsets(admin, ALL);
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            awaitCaughtUp(admin, GROUP, CONSUMED, left);
            for (WorkerGroups.Worker worker : WorkerGroups.WORKERS) {
                awaitCaughtUp(admin, worker.group(), List.of(worker.topic()), left);
            }
            Thread.sleep(5000);
            Map<TopicPartition, Long> after = endOffsets(admin, ALL);
            if (after.equals(before)) {
                return after;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the system did not come to rest within " + timeout);
            }
        }
    }

    /** Waits until {@code group} has committed the end offset of every partition of {@code topics}. */
    private static void awaitCaughtUp(Admin admin, String group, List<String> topics, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> lag = Map.of();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            lag = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, topics).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long behind = end.getValue() - (at == null ? 0 : at.offset());
                if (behind > 0) {
                    lag.put(end.getKey(), behind);
                }
            }
            if (lag.isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("group " + group + " still behind after " + timeout + ": " + lag);
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()),
                        OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    /** Every collection of the first database, document for document (by _id), in the replay's. */
    private static void assertSameDocuments(MongoDatabase first, MongoDatabase replayed) {
        List<String> collections = first.listCollectionNames().into(new ArrayList<>());
        assertTrue(collections.contains("importance") && collections.contains("units"), collections.toString());
        assertEquals(new java.util.TreeSet<>(collections),
                new java.util.TreeSet<>(replayed.listCollectionNames().into(new ArrayList<>())));
        for (String collection : collections) {
            Map<String, String> expected = documents(first, collection);
            Map<String, String> actual = documents(replayed, collection);
            assertEquals(expected.keySet(), actual.keySet(), collection + ": other documents after the replay");
            for (String id : expected.keySet()) {
                assertEquals(expected.get(id), actual.get(id), collection + " " + id + " differs after the replay");
            }
        }
    }

    /**
     * _id → the document with its keys sorted (at every depth): the replay reads the topics in another interleaving than
     * the live consumer did, so a field first set by another event (a stage under {@code progress}) may come in
     * another order; the values may not differ.
     */
    private static Map<String, String> documents(MongoDatabase db, String collection) {
        Map<String, String> out = new TreeMap<>();
        for (Document doc : db.getCollection(collection).find()) {
            PER_RUN.getOrDefault(collection, Set.of()).forEach(doc::remove);
            out.put(String.valueOf(doc.get("_id")), String.valueOf(sorted(doc)));
        }
        return out;
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ReplayIT::sorted).toList();
        }
        // the type too: a double stored as an int would print the same
        return value == null ? null : value.getClass().getSimpleName() + ":" + value;
    }

    private static String report(RunningSystem system, URI base, String experiment, String format) throws Exception {
        HttpResponse<String> r = system.http().send(HttpRequest.newBuilder(base.resolve("/experiments/" + experiment
                + "/report?format=" + format)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), experiment + " " + format + ": " + r.body());
        return r.body();
    }
}
