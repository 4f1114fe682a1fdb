package dev.headcount.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentCompleted;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.Granularity;
import dev.headcount.events.Progress;
import dev.headcount.events.Stage;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.Topics;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.metrics.coherence.CoherenceMatrix;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.report.ExperimentSnapshot;
import dev.headcount.report.report.MapUnitRows;
import dev.headcount.report.report.ReportBuilder;
import dev.headcount.report.report.ReportFiles;
import dev.headcount.report.store.Collections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
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

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report-service against a real Kafka broker and a MongoDB-wire server: the API, every event of a tiny
 * experiment published by hand, completion, the report, redelivery and a poison message.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Await.PATIENCE;
    private static final String EXPERIMENT = "exp-it-" + UUID.randomUUID().toString().substring(0, 8);

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
    void anInvalidRequestIsRefusedWithEveryProblem() throws Exception {
        HttpResponse<String> response = post("{\"model\": \"\", \"downstreamTasks\": [],"
                + " \"pruningFractions\": [0.5, 0.5], \"fineTuning\": {\"epochs\": 0}}");
        assertEquals(400, response.statusCode(), response.body());
        List<String> problems = new ArrayList<>();
        JSON.readTree(response.body()).get("problems").forEach(p -> problems.add(p.asText()));
        assertTrue(problems.contains("model is required: builtin:<name> or a model directory"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("pretrainingTask is required")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("downstreamTasks must name")), problems.toString());
        assertTrue(problems.contains("pruningFractions[1] repeats 0.5"), problems.toString());
        assertTrue(problems.contains("fineTuning.epochs must be > 0, was 0"), problems.toString());
        assertEquals(0, experiments().countDocuments(Filters.eq("model", "")), "an invalid request never starts");
    }

    @Test
    @Order(2)
    void aValidRequestIsStoredAndPublished() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(JSON.readValue(EventJson.mapper()
                .writeValueAsString(TinyExperiment.request()), Map.class));
        body.put("experimentId", EXPERIMENT);
        HttpResponse<String> response = post(JSON.writeValueAsString(body));
        assertEquals(202, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(EXPERIMENT, answer.get("experimentId").asText());
        assertEquals(24, answer.get("expected").get("evaluations").asInt());
        assertEquals("/experiments/" + EXPERIMENT + "/report", answer.get("links").get("report").asText());

        ConsumerRecord<String, String> record = awaitRecord(Topics.EXPERIMENTS,
                r -> EXPERIMENT.equals(r.key()) && r.value().contains("ExperimentRequested"));
        ExperimentRequested requested = EventJson.fromJson(record.value(), ExperimentRequested.class);
        assertEquals(TinyExperiment.request(), requested.request());
        assertEquals(TinyExperiment.request(),
                StoredRequests.load(new DirectoryArtifactStore(Path.of(artifactRoot)), EXPERIMENT).request());

        Document experiment = experiments().find(Filters.eq("_id", EXPERIMENT)).first();
        assertNotNull(experiment);
        assertEquals("running", experiment.getString("status"));
        assertEquals(24, experiment.get("expected", Document.class).getInteger("evaluations"));

        // the same request again is accepted again; a different one under the same id is a conflict
        assertEquals(202, post(JSON.writeValueAsString(body)).statusCode());
        body.put("seed", 8);
        HttpResponse<String> conflict = post(JSON.writeValueAsString(body));
        assertEquals(409, conflict.statusCode(), conflict.body());

        JsonNode list = JSON.readTree(get("/experiments", "application/json").body());
        boolean listed = false;
        for (JsonNode item : list) {
            listed |= item.get("experimentId").asText().equals(EXPERIMENT);
        }
        assertTrue(listed, list.toString());

        HttpResponse<String> missing = get("/experiments/no-such-exp", "application/json");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no-such-exp"), missing.body());
    }

    @Test
    @Order(3)
    void theEventsOfATinyExperimentCompleteIt() throws Exception {
        publishAll(allEvents());
        Await.until("experiment completed", () -> "completed".equals(status(EXPERIMENT)));

        MongoDatabase db = mongo.getDatabase(database);
        assertEquals(2, count(db, Collections.IMPORTANCE));
        assertEquals(24, count(db, Collections.EVALUATIONS));
        assertEquals(2, count(db, Collections.FINETUNES));
        assertEquals(1, count(db, Collections.PRUNED_MODELS));
        assertEquals(1, count(db, Collections.COHERENCE));
        assertEquals(6, count(db, Collections.PRUNABILITY));
        // the map documents hold the matrices of the files the events named (the events carry none)
        Document spamMap = db.getCollection(Collections.IMPORTANCE).find(Filters.and(
                Filters.eq("experimentId", EXPERIMENT), Filters.eq("task", TinyExperiment.SPAM))).first();
        assertEquals(tiny.map(TinyExperiment.SPAM).normalizedImportance(), spamMap.get("normalizedImportance"));
        assertEquals(tiny.map(TinyExperiment.SPAM).rawSums(), spamMap.get("rawSums"));
        assertEquals(64, spamMap.get("sha256", String.class).length());
        Document coherence = db.getCollection(Collections.COHERENCE).find(Filters.eq("experimentId", EXPERIMENT)).first();
        assertEquals(spearman(), coherence.getDouble("spearman"), 1e-12);
        Document own = db.getCollection(Collections.PRUNABILITY).find(Filters.and(Filters.eq("experimentId", EXPERIMENT),
                Filters.eq("evaluatedTask", TinyExperiment.SPAM), Filters.eq("ranking", "task:builtin/spam"))).first();
        assertEquals(0.5, own.getDouble("largestFractionKept"), 1e-12);

        Document experiment = experiments().find(Filters.eq("_id", EXPERIMENT)).first();
        assertEquals(24, experiment.get("done", Document.class).getInteger("evaluations"));
        assertNotNull(experiment.get("completedAt"));
        assertEquals("score", experiment.get("progress", Document.class).get("score", Document.class).getString("stage"));

        ConsumerRecord<String, String> completed = awaitRecord(Topics.EXPERIMENTS,
                r -> EXPERIMENT.equals(r.key()) && r.value().contains("ExperimentCompleted"));
        String reportUri = EventJson.fromJson(completed.value(), ExperimentCompleted.class).reportUri();
        String stored = Files.readString(Path.of(URI.create(reportUri)));
        assertTrue(stored.contains("## Coherence"), stored);
        assertTrue(Files.isRegularFile(Path.of(URI.create(reportUri)).resolveSibling(ExperimentService.REPORT_JSON)));
        // every figure the Markdown links is written beside it, as PNG and as SVG, and every data file
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("\\]\\((figures/[^)]+)\\.png\\)").matcher(stored);
        int figures = 0;
        while (links.find()) {
            figures++;
            Path png = Path.of(URI.create(reportUri)).resolveSibling(links.group(1) + ".png");
            byte[] signature = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
            assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, signature, png.toString());
            Path svg = Path.of(URI.create(reportUri)).resolveSibling(links.group(1) + ".svg");
            assertTrue(Files.readString(svg).startsWith("<?xml"), svg.toString());
        }
        assertTrue(figures >= 5, stored);
        for (String csv : List.of("importance.csv", "coherence.csv", "pruning-curves.csv", "fine-tuning.csv",
                "layer-mass.csv")) {
            assertTrue(stored.contains("](" + csv + ")"), csv);
            assertTrue(Files.readString(Path.of(URI.create(reportUri)).resolveSibling(csv)).contains(","), csv);
        }

        JsonNode view = JSON.readTree(get("/experiments/" + EXPERIMENT, "application/json").body());
        assertEquals("completed", view.get("status").asText());
        assertEquals(24, view.get("progress").get("evaluations").get("done").asInt());
        assertEquals(1, view.get("results").get("coherence").size());
        assertEquals(6, view.get("results").get("prunability").size());

        JsonNode progress = JSON.readTree(get("/experiments/" + EXPERIMENT + "/progress", "application/json").body());
        assertEquals(3, progress.size(), progress.toString());
        List<String> stages = new ArrayList<>();
        progress.forEach(p -> stages.add(p.get("stage").asText()));
        assertEquals(List.of("report", "score", "score"), stages.stream().sorted().toList(), stages.toString());
        assertTrue(progress.get(0).get("offset").asLong() > progress.get(1).get("offset").asLong(), "newest first");
    }

    /**
     * The report this service stored, through Kafka and MongoDB, is the report module's report of the same events
     * held in memory — what {@code ./headcount run --in-process} writes — file for file, byte for byte, once the
     * two times that belong to the run (requested, completed) are the same.
     */
    @Test
    @Order(4)
    void theStoredReportIsTheLibrarysReportOfTheSameEventsInMemory() throws Exception {
        ConsumerRecord<String, String> completed = awaitRecord(Topics.EXPERIMENTS,
                r -> EXPERIMENT.equals(r.key()) && r.value().contains("ExperimentCompleted"));
        Path directory = Path.of(URI.create(EventJson.fromJson(completed.value(), ExperimentCompleted.class)
                .reportUri())).getParent();
        JsonNode stored = JSON.readTree(directory.resolve(ReportFiles.JSON).toFile());
        DirectoryArtifactStore store = new DirectoryArtifactStore(Path.of(artifactRoot));
        List<PrunedModelReady> pruned = tiny.prunedModels();
        ExperimentSnapshot inMemory = new ExperimentSnapshot(EXPERIMENT, "completed",
                java.time.Instant.parse(stored.get("requestedAt").asText()),
                java.time.Instant.parse(stored.get("completedAt").asText()), null, null, tiny.plan,
                tiny.maps(), tiny.evaluations(), tiny.fineTunes(), Completion.ofResults(tiny.plan, tiny.maps(),
                tiny.evaluations(), tiny.fineTunes(), pruned.stream().map(PrunedModelReady::variant).toList()),
                MapUnitRows.read(store, EXPERIMENT, tiny.maps()), List.of());
        List<ReportFiles.ReportFile> files = ReportFiles.of(ReportBuilder.build(inMemory));
        assertTrue(files.size() > 10, files.toString());
        for (ReportFiles.ReportFile file : files) {
            byte[] written = Files.readAllBytes(directory.resolve(file.path()));
            if (!java.util.Arrays.equals(file.content(), written)) {
                // text files: show the difference; PNGs: name them
                assertEquals(file.path().endsWith(".png") ? "" : new String(file.content(),
                                java.nio.charset.StandardCharsets.UTF_8),
                        file.path().endsWith(".png") ? file.path() + " differs" : new String(written,
                                java.nio.charset.StandardCharsets.UTF_8), file.path());
            }
        }
    }

    @Test
    @Order(4)
    void theReportComesAsJsonAndMarkdown() throws Exception {
        HttpResponse<String> json = get("/experiments/" + EXPERIMENT + "/report", "application/json");
        assertEquals(200, json.statusCode());
        assertTrue(json.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode report = JSON.readTree(json.body());
        assertEquals(spearman(), report.get("coherence").get("pairs").get(0).get("spearman").asDouble(), 1e-12);
        assertEquals(0.115, report.get("findings").get("beforeAfter").get("byMetric").get(0).get("meanAdvantage").asDouble(), 1e-12);

        String spearman = String.format(Locale.ROOT, "%.3f", spearman());
        HttpResponse<String> markdown = get("/experiments/" + EXPERIMENT + "/report", "text/markdown");
        assertEquals(200, markdown.statusCode());
        assertTrue(markdown.headers().firstValue("content-type").orElse("").startsWith("text/markdown"));
        assertTrue(markdown.body().contains("| builtin/sotu | builtin/spam | " + spearman), markdown.body());

        HttpResponse<String> byQuery = get("/experiments/" + EXPERIMENT + "/report?format=md", "*/*");
        assertTrue(byQuery.body().startsWith("# Experiment " + EXPERIMENT), byQuery.body());
        assertEquals(404, get("/experiments/no-such-exp/report", "text/markdown").statusCode());
    }

    @Test
    @Order(5)
    void redeliveryChangesNothing() throws Exception {
        awaitNoLag();
        Map<String, Map<Object, Document>> before = snapshot();
        publishAll(allEvents());
        awaitNoLag();
        assertEquals(before, snapshot());
    }

    @Test
    @Order(6)
    void resultsThatArriveBeforeTheirRequestWaitForIt() throws Exception {
        String early = EXPERIMENT + "-early";
        TinyExperiment tiny = new TinyExperiment(early);
        // maps as version 1 published them, matrices in the event: still aggregated
        List<HeadcountEvent> results = new ArrayList<>(tiny.maps());
        results.addAll(tiny.evaluations());
        results.addAll(tiny.fineTunes());
        publishAll(results);
        MongoDatabase db = mongo.getDatabase(database);
        Await.until("results stored", () -> db.getCollection(Collections.EVALUATIONS)
                .countDocuments(Filters.eq("experimentId", early)) == 24
                && db.getCollection(Collections.FINETUNES).countDocuments(Filters.eq("experimentId", early)) == 2
                && db.getCollection(Collections.IMPORTANCE).countDocuments(Filters.eq("experimentId", early)) == 2);
        assertEquals(null, status(early));

        Map<String, Object> body = new LinkedHashMap<>(JSON.readValue(EventJson.mapper()
                .writeValueAsString(TinyExperiment.request()), Map.class));
        body.put("experimentId", early);
        assertEquals(202, post(JSON.writeValueAsString(body)).statusCode());
        Await.until("completed on its request", () -> "completed".equals(status(early)));
        assertEquals(6, db.getCollection(Collections.PRUNABILITY).countDocuments(Filters.eq("experimentId", early)));
    }

    @Test
    @Order(7)
    void aPoisonMessageIsDeadLetteredAndTheServiceKeepsWorking() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.HEAD_IMPORTANCE, key, "this is not an event")).get();
        ConsumerRecord<String, String> dead = awaitRecord(Topics.DEAD_LETTER, r -> key.equals(r.key()));
        DeadLetter letter = EventJson.deadLetterFromJson(dead.value());
        assertEquals("this is not an event", letter.payload());
        assertEquals("report-service", letter.service());
        assertEquals(Topics.HEAD_IMPORTANCE, letter.topic());

        // still consuming: a second experiment whose second map has another shape fails
        String second = EXPERIMENT + "-b";
        TinyExperiment other = new TinyExperiment(second);
        Map<String, Object> body = new LinkedHashMap<>(JSON.readValue(EventJson.mapper()
                .writeValueAsString(TinyExperiment.request()), Map.class));
        body.put("experimentId", second);
        assertEquals(202, post(JSON.writeValueAsString(body)).statusCode());
        publishAll(List.of(other.map(TinyExperiment.PRETRAINING)));
        Await.until("first map stored", () -> mongo.getDatabase(database).getCollection(Collections.IMPORTANCE)
                .countDocuments(Filters.eq("experimentId", second)) == 1);
        List<List<Double>> small = List.of(List.of(0.1, 0.2), List.of(0.3, 0.4));
        List<List<Long>> counts = List.of(List.of(1L, 1L), List.of(1L, 1L));
        publishAll(List.of(new ImportanceMapCompleted(second, other.plan.modelFor(TinyExperiment.SPAM),
                TinyExperiment.SPAM, Granularity.PER_EXAMPLE, small, counts, small, small, "file:/tmp/x.json")));
        Await.until("experiment failed", () -> "failed".equals(status(second)));
        Document failed = experiments().find(Filters.eq("_id", second)).first();
        String reason = failed.get("failure", Document.class).getString("reason");
        assertTrue(reason.contains("must share a shape"), reason);
        assertEquals(1, mongo.getDatabase(database).getCollection(Collections.IMPORTANCE)
                .countDocuments(Filters.eq("experimentId", second)));
        // and the first experiment is untouched
        assertEquals("completed", status(EXPERIMENT));

        // a request published without validation never starts
        String invalid = EXPERIMENT + "-invalid";
        ExperimentRequested unvalidated = new ExperimentRequested(invalid, new dev.headcount.events.ExperimentRequest(
                "builtin:all-MiniLM-L6-v2", dev.headcount.events.TaskSpec.parse("builtin/sotu"), List.of(),
                null, null, null, null, null, null, null), java.time.Instant.now());
        publishAll(List.of(unvalidated));
        ConsumerRecord<String, String> refused = awaitRecord(Topics.DEAD_LETTER, r -> invalid.equals(r.key()));
        assertTrue(EventJson.deadLetterFromJson(refused.value()).error().contains("downstreamTasks must name"),
                refused.value());
        assertEquals(null, status(invalid));
    }

    @Test
    @Order(8)
    void healthAndMetrics() throws Exception {
        assertEquals(200, get("/q/health/live", "application/json").statusCode());
        HttpResponse<String> ready = get("/q/health/ready", "application/json");
        assertEquals(200, ready.statusCode(), ready.body());
        String metrics = get("/q/metrics", "text/plain").body();
        assertTrue(metrics.contains("headcount_report_events_total"), metrics);
        assertTrue(metrics.contains("headcount_records_dead_letters_total"), metrics);
    }

    // helpers

    /**
     * Every result of the tiny experiment, the maps as the scorer publishes them: their files written to the
     * service's artifact store (the same numbers as {@code tiny.maps()}, which the in-memory report is built from),
     * the events naming them. Written again on redelivery: the same bytes, the same digest.
     */
    private List<HeadcountEvent> allEvents() throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(Path.of(artifactRoot));
        List<HeadcountEvent> events = new ArrayList<>();
        events.add(new Progress(EXPERIMENT, "scorer-service", Stage.SCORE, "pretrained", 1, 2, "scoring"));
        events.add(tiny.publishedMap(store, TinyExperiment.PRETRAINING));
        events.add(tiny.publishedMap(store, TinyExperiment.SPAM));
        events.addAll(tiny.fineTunes());
        events.addAll(tiny.prunedModels());
        events.addAll(tiny.evaluations());
        events.add(new Progress(EXPERIMENT, "scorer-service", Stage.SCORE, "pretrained", 2, 2, "scored"));
        return events;
    }

    private void publishAll(List<? extends HeadcountEvent> events) throws Exception {
        for (HeadcountEvent event : events) {
            producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.toJson(event)));
        }
        producer.flush();
    }

    private static double spearman() {
        Map<String, double[][]> maps = new LinkedHashMap<>();
        maps.put(TinyExperiment.PRETRAINING, TinyExperiment.SOTU_MAP);
        maps.put(TinyExperiment.SPAM, TinyExperiment.SPAM_MAP);
        return CoherenceMatrix.of(maps).between(TinyExperiment.PRETRAINING, TinyExperiment.SPAM).spearman();
    }

    private com.mongodb.client.MongoCollection<Document> experiments() {
        return mongo.getDatabase(database).getCollection(Collections.EXPERIMENTS);
    }

    private long count(MongoDatabase db, String collection) {
        return db.getCollection(collection).countDocuments(Filters.eq("experimentId", EXPERIMENT));
    }

    private String status(String experimentId) {
        Document doc = experiments().find(Filters.eq("_id", experimentId)).first();
        return doc == null ? null : doc.getString("status");
    }

    /** Every document of the experiment in every collection, by id. */
    private Map<String, Map<Object, Document>> snapshot() {
        MongoDatabase db = mongo.getDatabase(database);
        Map<String, Map<Object, Document>> all = new HashMap<>();
        for (String name : Collections.all()) {
            Map<Object, Document> docs = new HashMap<>();
            var filter = name.equals(Collections.EXPERIMENTS) ? Filters.eq("_id", EXPERIMENT)
                    : Filters.eq("experimentId", EXPERIMENT);
            db.getCollection(name).find(filter).sort(Sorts.ascending("_id")).forEach(doc -> docs.put(doc.get("_id"), doc));
            all.put(name, docs);
        }
        return all;
    }

    /** Waits until the report group has committed every record of the topics it reads. */
    private void awaitNoLag() throws Exception {
        ReportGroup.awaitNoLag(bootstrap, PATIENCE);
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no wanted record on " + topic + " within " + PATIENCE);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.toURI().resolve("/experiments"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", TestAuth.BEARER).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(base.toURI().resolve(path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
