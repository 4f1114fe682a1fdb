package dev.headcount.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.report.store.Collections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report-service hands out units of work, against the local stack's real Kafka broker and MongoDB-wire server:
 * a request hands out what needs nothing, the pre-training map what waited for it, a repeated fact the same units
 * again (only those still without a result: repeats are idempotent by unit id, the workers read stored results
 * back), a finished experiment nothing; WorkDone is kept in {@code units} and listed in report.json. The work topics
 * are read with a plain consumer.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkDispatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Await.PATIENCE;
    private static final String EXPERIMENT = "exp-work-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PRUNE = "prune/pruned/task:builtin/sotu/0.5";
    private static final String OWN_CURVE = "evaluate/pretrained/task:builtin/sotu/builtin/sotu/0/0.25/0.5";
    private static final Set<String> AT_START = Set.of("score/pretrained/builtin/sotu/0-of-4",
            "score/pretrained/builtin/sotu/1-of-4", "score/pretrained/builtin/sotu/2-of-4",
            "score/pretrained/builtin/sotu/3-of-4", "finetune/finetuned/builtin/spam",
            "evaluate/pretrained/random:0/builtin/sotu/0/0.25/0.5", "evaluate/pretrained/random:1/builtin/sotu/0/0.25/0.5");

    @TestHTTPResource("/")
    URL base;
    @Inject
    MongoClient mongo;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "headcount.artifact-root")
    String artifactRoot;
    @ConfigProperty(name = "headcount.mongodb.database")
    String database;

    private final HttpClient http = HttpClient.newHttpClient();
    private final TinyExperiment tiny = new TinyExperiment(EXPERIMENT);
    private KafkaProducer<String, String> producer;

    @BeforeAll
    void producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    void close() {
        producer.close();
    }

    @Test
    @Order(1)
    void aRequestHandsOutTheUnitsThatNeedNothing() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(JSON.readValue(EventJson.mapper()
                .writeValueAsString(TinyExperiment.request()), Map.class));
        body.put("experimentId", EXPERIMENT);
        HttpResponse<String> response = post(JSON.writeValueAsString(body));
        assertEquals(202, response.statusCode(), response.body());
        // the workers read the plan from the stored request: it is there before ExperimentRequested is published
        assertEquals(TinyExperiment.request(),
                StoredRequests.load(new DirectoryArtifactStore(Path.of(artifactRoot)), EXPERIMENT).request());

        List<ConsumerRecord<String, String>> records = awaitHandedOut(r -> ids(r).containsAll(AT_START));
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        records = handedOut();
        assertEquals(AT_START, ids(records));
        assertEquals(AT_START.size(), records.size(), "each once: " + ids(records));
        for (ConsumerRecord<String, String> record : records) {
            WorkRequested request = EventJson.fromJson(record.value(), WorkRequested.class);
            assertEquals(request.unit().topic(), record.topic(), request.unit().id());
            assertEquals(EXPERIMENT + "/" + request.unit().kind().label() + "/" + request.ordinal(), record.key());
        }
        assertEquals(Set.of(Topics.SCORING_JOBS, Topics.PRUNING_JOBS, Topics.FINETUNE_JOBS),
                new HashSet<>(records.stream().map(ConsumerRecord::topic).toList()));
    }

    @Test
    @Order(2)
    void thePretrainingMapHandsOutThePrunedModelAndTheCurveThatWaitedOnlyForIt() throws Exception {
        publish(tiny.map(TinyExperiment.PRETRAINING));
        awaitHandedOut(r -> ids(r).contains(PRUNE) && ids(r).contains(OWN_CURVE));
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        List<ConsumerRecord<String, String>> records = handedOut();
        Set<String> expected = new HashSet<>(AT_START);
        expected.addAll(Set.of(PRUNE, OWN_CURVE));
        // not the curves that also wait for the fine-tuned spam model or the spam map
        assertEquals(expected, ids(records));
        assertEquals(expected.size(), records.size());
    }

    @Test
    @Order(3)
    void aRepeatedMapHandsOutAgainTheSameUnitsThatStillHaveNoResult() throws Exception {
        publish(tiny.map(TinyExperiment.PRETRAINING));
        awaitHandedOut(r -> count(r, PRUNE) == 2);
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        List<ConsumerRecord<String, String>> records = handedOut();
        Set<String> expected = new HashSet<>(AT_START);
        expected.addAll(Set.of(PRUNE, OWN_CURVE));
        assertEquals(expected, ids(records), "nothing new");
        assertEquals(2, count(records, PRUNE));
        assertEquals(2, count(records, OWN_CURVE));
        assertTrue(AT_START.stream().allMatch(id -> count(handedOut(), id) == 1), "the map does not repeat the start");

        // the pruned model is in: its fine-tune is handed out, and a third copy of the map no longer repeats it
        publish(tiny.prunedModels().get(0));
        String prunedThenFinetuned = "finetune/pruned-then-finetuned/task:builtin/sotu/0.5/builtin/spam";
        awaitHandedOut(r -> ids(r).contains(prunedThenFinetuned));
        publish(tiny.map(TinyExperiment.PRETRAINING));
        awaitHandedOut(r -> count(r, OWN_CURVE) == 3);
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        assertEquals(2, count(handedOut(), PRUNE));
        assertEquals(1, count(handedOut(), prunedThenFinetuned));
    }

    @Test
    @Order(4)
    void workDoneIsKeptAndListedInTheReport() throws Exception {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        WorkDone pruned = new WorkDone(EXPERIMENT, WorkUnit.prune(ModelVariant.parse("pruned/task:builtin/sotu/0.5")),
                "pruner-service@test:1", start.plusSeconds(5), start.plusMillis(7500), false);
        WorkDone shard = new WorkDone(EXPERIMENT, WorkUnit.score(ModelVariant.pretrained(), TinyExperiment.PRETRAINING,
                0, 4), "scorer-service@test:2", start, start.plusSeconds(4), true);
        Document before = experiment();
        publish(pruned);
        publish(shard);
        publish(pruned); // redelivered: one occurrence
        Await.until("units stored", () -> units().size() == 2);
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        assertEquals(2, units().size());
        assertEquals(Set.of(pruned.eventId(), shard.eventId()),
                new HashSet<>(units().stream().map(d -> d.getString("_id")).toList()));
        // not a result: the counts and the status stay
        Document after = experiment();
        assertEquals(before.get("done"), after.get("done"));
        assertEquals("running", after.getString("status"));

        JsonNode report = JSON.readTree(get("/experiments/" + EXPERIMENT + "/report").body());
        JsonNode units = report.get("units");
        assertEquals(2, units.size(), units.toString());
        // by start time: the shard started first
        assertEquals("score/pretrained/builtin/sotu/0-of-4", units.get(0).get("id").asText());
        assertEquals("score", units.get(0).get("kind").asText());
        assertTrue(units.get(0).get("reused").asBoolean());
        JsonNode prune = units.get(1);
        assertEquals(PRUNE, prune.get("id").asText());
        assertEquals("prune", prune.get("kind").asText());
        assertEquals("pruner-service@test:1", prune.get("worker").asText());
        assertEquals("2026-01-01T10:00:05Z", prune.get("startedAt").asText());
        assertEquals("2026-01-01T10:00:07.500Z", prune.get("finishedAt").asText());
        assertEquals(2.5, prune.get("seconds").asDouble(), 1e-9);
        assertFalse(prune.get("reused").asBoolean());
    }

    @Test
    @Order(5)
    void aCompletedExperimentHandsOutNothingAndItsReportListsLateUnits() throws Exception {
        List<HeadcountEvent> results = new ArrayList<>(tiny.maps());
        results.addAll(tiny.fineTunes());
        results.addAll(tiny.prunedModels());
        results.addAll(tiny.evaluations());
        for (HeadcountEvent event : results) {
            publish(event);
        }
        Await.until("experiment completed", () -> "completed".equals(experiment().getString("status")));
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        Path reportJson = Path.of(java.net.URI.create(experiment().getString("reportUri"))).resolveSibling("report.json");
        assertEquals(2, JSON.readTree(Files.readString(reportJson)).get("units").size());
        String markdown = Files.readString(reportJson.resolveSibling("report.md"));
        assertTrue(markdown.contains("## Work"), markdown);
        assertTrue(markdown.contains("| prune | pruner-service@test:1 | 1 | 0 | 2.5 |"), markdown);
        assertTrue(markdown.contains("| score | scorer-service@test:2 | 0 | 1 | 4.0 |"), markdown);

        // the last units' WorkDone come after the result that completed the experiment: the report is written again
        JsonNode first = JSON.readTree(Files.readString(reportJson));
        Instant start = Instant.parse("2026-01-01T11:00:00Z");
        WorkDone late = new WorkDone(EXPERIMENT, WorkUnit.evaluate(ModelVariant.pretrained(),
                dev.headcount.events.Ranking.byTask(TinyExperiment.PRETRAINING), TinyExperiment.PRETRAINING,
                List.of(0.0, 0.25, 0.5)), "pruner-service@test:1", start, start.plusSeconds(1), false);
        publish(late);
        Await.until("report rewritten", () -> {
            try {
                return JSON.readTree(Files.readString(reportJson)).get("units").size() == 3;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode second = JSON.readTree(Files.readString(reportJson));
        assertEquals(first.get("completedAt"), second.get("completedAt"), "the same completion");
        assertEquals(first.get("coherence"), second.get("coherence"), "the same numbers");
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        assertTrue(units().stream().allMatch(u -> Boolean.TRUE.equals(u.getBoolean("inReport"))), "all listed");
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(reportJson);
        publish(late); // redelivered: the report already lists it
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        assertEquals(written, Files.getLastModifiedTime(reportJson), "a redelivered WorkDone writes nothing again");

        // finished: a repeated fact hands out nothing
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        int handed = handedOut().size();
        publish(tiny.map(TinyExperiment.PRETRAINING));
        publish(tiny.fineTunes().get(0));
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
        assertEquals(handed, handedOut().size());
    }

    // helpers

    private void publish(HeadcountEvent event) throws Exception {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.toJson(event))).get();
    }

    private Document experiment() {
        return mongo.getDatabase(database).getCollection(Collections.EXPERIMENTS).find(Filters.eq("_id", EXPERIMENT))
                .first();
    }

    private List<Document> units() {
        return mongo.getDatabase(database).getCollection(Collections.UNITS).find(Filters.eq("experimentId", EXPERIMENT))
                .into(new ArrayList<>());
    }

    /** Every WorkRequested of this experiment on the work topics so far, read from the beginning to the end. */
    private List<ConsumerRecord<String, String>> handedOut() {
        return WorkTopics.handedOut(bootstrap, EXPERIMENT);
    }

    private List<ConsumerRecord<String, String>> awaitHandedOut(Predicate<List<ConsumerRecord<String, String>>> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<ConsumerRecord<String, String>> records = handedOut();
        while (!wanted.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the wanted units were not handed out within " + PATIENCE + "; handed out: "
                        + unitIds(records));
            }
            Thread.sleep(200);
            records = handedOut();
        }
        return records;
    }

    private static List<String> unitIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> EventJson.fromJson(r.value(), WorkRequested.class).unit().id()).toList();
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return new HashSet<>(unitIds(records));
    }

    private static long count(List<ConsumerRecord<String, String>> records, String unitId) {
        return unitIds(records).stream().filter(unitId::equals).count();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.toURI().resolve("/experiments"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", TestAuth.BEARER).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.toURI().resolve(path)).header("Accept", "application/json").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
