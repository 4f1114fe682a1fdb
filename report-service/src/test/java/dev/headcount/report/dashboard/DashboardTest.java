package dev.headcount.report.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentCompleted;
import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Stage;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.report.TestAuth;
import dev.headcount.report.TinyExperiment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's endpoints against a real broker and MongoDB-wire server: an experiment's event stream from
 * snapshot to completion (every event published by hand, live through the dashboard's own consumer group), a
 * late stream starting from the final state, the figures drawn on demand, the report files and path
 * traversal, the list stream, and the static pages.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String EXPERIMENT = "dash-it-" + UUID.randomUUID().toString().substring(0, 8);

    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "headcount.artifact-root")
    String artifactRoot;

    private final HttpClient http = HttpClient.newHttpClient();
    private final TinyExperiment tiny = new TinyExperiment(EXPERIMENT);
    private KafkaProducer<String, String> producer;
    private long warmUps;

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
    void anExperimentStreamGoesFromSnapshotToCompletion() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(JSON.readValue(EventJson.mapper()
                .writeValueAsString(TinyExperiment.request()), Map.class));
        body.put("experimentId", EXPERIMENT);
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(uri("/experiments"))
                .header("Content-Type", "application/json").header("Authorization", TestAuth.BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, submitted.statusCode(), submitted.body());
        assertEquals("/experiments/" + EXPERIMENT + "/stream",
                JSON.readTree(submitted.body()).get("links").get("stream").asText());
        assertEquals("[]", get("/experiments/" + EXPERIMENT + "/figures").body(), "nothing to draw yet");

        try (SseClient stream = new SseClient(http, uri("/experiments/" + EXPERIMENT + "/stream"))) {
            assertEquals(200, stream.response().statusCode());
            assertTrue(stream.response().headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            SseClient.Event snapshot = stream.next(e -> true, PATIENCE, "first");
            assertEquals("snapshot", snapshot.name(), "a stream starts with the snapshot");
            assertEquals("running", snapshot.data().get("status").asText());
            assertEquals(0, snapshot.data().get("counts").get("evaluations").get("done").asInt());
            assertEquals(24, snapshot.data().get("counts").get("evaluations").get("expected").asInt());
            assertEquals("builtin/sotu", snapshot.data().get("pretrainingTask").asText());

            awaitLive(stream);
            ModelVariant finetuned = ModelVariant.finetuned(TinyExperiment.SPAM);
            publishAll(List.of(new FineTuneProgress(EXPERIMENT, finetuned, 2, 4, 1, 0.5, 1e-4, 10)));
            SseClient.Event training = stream.next(e -> "progress".equals(e.name())
                    && "FineTuneProgress".equals(e.data().get("type").asText()), PATIENCE, "FineTuneProgress");
            assertEquals(0.5, training.data().get("loss").asDouble(), 1e-12);
            assertEquals(finetuned.name(), training.data().get("variant").asText());
            assertEquals("finetune", training.data().get("stage").asText());

            publishAll(tiny.maps());
            SseClient.Event maps = stream.next(e -> "counts".equals(e.name())
                    && e.data().get("importanceMaps").get("done").asInt() == 2, PATIENCE, "counts with both maps");
            assertEquals(2, maps.data().get("importanceMaps").get("expected").asInt());
            SseClient.Event result = stream.next("result", PATIENCE);
            assertEquals("ImportanceMapCompleted", result.data().get("type").asText());

            List<HeadcountEvent> rest = new ArrayList<>(tiny.prunedModels());
            rest.addAll(tiny.fineTunes());
            rest.addAll(tiny.evaluations());
            publishAll(rest);
            SseClient.Event completed = stream.next("status", PATIENCE);
            assertEquals("completed", completed.data().get("status").asText());
            assertTrue(completed.data().get("reportUri").asText().endsWith("/report.md"), completed.toString());
            JsonNode counts = lastCounts(stream);
            for (String kind : List.of("importanceMaps", "fineTunes", "prunedModels", "evaluations")) {
                assertEquals(counts.get(kind).get("expected").asInt(), counts.get(kind).get("done").asInt(), kind);
            }
            assertTrue(counts.get("complete").asBoolean());
            assertTrue(stream.comments() > 0, "keep-alive comments (every second in tests)");
        }

        // a page opened late starts from where the experiment is. The report-service's own "report" progress line
        // travels through Kafka after the completed status, so a page opened at once may still miss it: open again
        // until it is in (bounded by PATIENCE), then check the whole snapshot
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode snapshot;
        do {
            try (SseClient late = new SseClient(http, uri("/experiments/" + EXPERIMENT + "/stream"))) {
                snapshot = late.next("snapshot", PATIENCE).data();
            }
            if (snapshot.get("stages").has("report")) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals("completed", snapshot.get("status").asText());
        assertTrue(snapshot.get("counts").get("complete").asBoolean());
        assertEquals(1, snapshot.get("loss").size(), snapshot.toString());
        assertEquals(0.5, snapshot.get("loss").get(0).get("loss").asDouble(), 1e-12);
        assertTrue(snapshot.get("recent").size() >= 2, snapshot.toString());
        assertEquals("score", snapshot.get("stages").get("score").get("stage").asText());
        assertTrue(snapshot.get("stages").has("report"), "the report's progress line: " + snapshot);
        assertEquals("report", snapshot.get("stages").get("report").get("stage").asText());
    }

    @Test
    @Order(2)
    void figuresAreDrawnOnDemandFromTheResults() throws Exception {
        JsonNode list = JSON.readTree(get("/experiments/" + EXPERIMENT + "/figures").body());
        Set<String> placements = new HashSet<>();
        int heatmaps = 0;
        for (JsonNode figure : list) {
            placements.add(figure.get("placement").asText());
            assertTrue(figure.get("title").asText().length() > 3, figure.toString());
            HttpResponse<String> svg = get(figure.get("url").asText());
            assertEquals(200, svg.statusCode(), figure.toString());
            assertTrue(svg.headers().firstValue("content-type").orElse("").startsWith("image/svg+xml"));
            org.w3c.dom.Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.body().getBytes(StandardCharsets.UTF_8)));
            if (figure.get("placement").asText().equals("importance")) {
                heatmaps++;
                assertEquals(3 * 4, withClass(doc.getElementsByTagName("rect"), "cell"), figure.toString());
            }
            if (figure.get("placement").asText().equals("pruning-curve")) {
                assertTrue(withClass(doc.getElementsByTagName("polyline"), "curve") >= 2, figure.toString());
            }
        }
        assertEquals(2, heatmaps);
        assertEquals(Set.of("importance", "layer-mass", "coherence", "pruning-curve", "fine-tuning"), placements);
        assertEquals(404, get("/experiments/" + EXPERIMENT + "/figures/no-such-figure.svg").statusCode());
        assertEquals(404, get("/experiments/no-such-exp/figures").statusCode());
    }

    @Test
    @Order(3)
    void theReportFilesDownloadButNothingOutsideThem() throws Exception {
        Files.writeString(Path.of(artifactRoot).resolve("secret.txt"), "not for the dashboard");
        JsonNode list = JSON.readTree(get("/experiments/" + EXPERIMENT + "/files").body());
        Map<String, String> urls = new LinkedHashMap<>();
        list.forEach(file -> urls.put(file.get("path").asText(), file.get("url").asText()));
        assertTrue(urls.keySet().containsAll(List.of("report.md", "report.json", "request.json",
                "figures/coherence.svg")), urls.toString());

        HttpResponse<String> markdown = get(urls.get("report.md"));
        assertEquals(200, markdown.statusCode());
        assertTrue(markdown.headers().firstValue("content-type").orElse("").startsWith("text/markdown"));
        assertTrue(markdown.body().startsWith("# Experiment " + EXPERIMENT), markdown.body());
        HttpResponse<String> figure = get(urls.get("figures/coherence.svg"));
        assertTrue(figure.headers().firstValue("content-type").orElse("").startsWith("image/svg+xml"));

        String files = "/experiments/" + EXPERIMENT + "/files/";
        for (String path : List.of("..%2F..%2Fsecret.txt", "figures%2F..%2F..%2F..%2Fsecret.txt", "%2Fetc%2Fpasswd",
                ".hidden", "figures%2F.x", "..%5C..%5Csecret.txt")) {
            HttpResponse<String> refused = get(files + path);
            assertEquals(400, refused.statusCode(), path + ": " + refused.body());
            assertTrue(refused.body().contains("must be a relative path inside the experiment's report directory"),
                    refused.body());
            assertFalse(refused.body().contains("not for the dashboard"));
        }
        assertEquals(404, get(files + "no-such-file.md").statusCode());
        assertEquals(404, get("/experiments/no-such-exp/files").statusCode());
    }

    @Test
    @Order(4)
    void theListStreamShowsEveryExperimentAndWhatChanges() throws Exception {
        try (SseClient stream = new SseClient(http, uri("/experiments/stream"))) {
            JsonNode snapshot = stream.next(e -> true, PATIENCE, "first").data();
            boolean listed = false;
            for (JsonNode experiment : snapshot.get("experiments")) {
                listed |= experiment.get("experimentId").asText().equals(EXPERIMENT);
            }
            assertTrue(listed, snapshot.toString());
            awaitLive(stream);
            // the report-service's own completion again (a redelivery): the row is worth reading again
            publishAll(List.of(new ExperimentCompleted(EXPERIMENT, "file:/x/report.md", Instant.now())));
            SseClient.Event changed = stream.next("changed", PATIENCE);
            assertEquals(EXPERIMENT, changed.data().get("experimentId").asText());
            assertEquals("completed", changed.data().get("status").asText());
        }
    }

    @Test
    @Order(5)
    void unknownExperimentsAndThePages() throws Exception {
        HttpResponse<String> missing = get("/experiments/no-such-exp/stream");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no experiment 'no-such-exp'"), missing.body());

        Map<String, String> pages = Map.of("/", "text/html", "/experiment.html", "text/html",
                "/dashboard.js", "javascript", "/dashboard.css", "text/css");
        Pattern external = Pattern.compile("(?i)(src|href|url|import|fetch)\\s*[=(]\\s*['\"]?(https?:)?//");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            HttpResponse<String> r = get(page.getKey());
            assertEquals(200, r.statusCode(), page.getKey());
            assertTrue(r.headers().firstValue("content-type").orElse("").contains(page.getValue()), page.getKey());
            Matcher m = external.matcher(r.body());
            assertFalse(m.find(), page.getKey() + " loads something from elsewhere: " + (m.hitEnd() ? "" : m.group()));
        }
        String index = get("/").body();
        assertTrue(index.contains("id=\"submit-form\"") && index.contains("id=\"experiments\""), index);
    }

    // helpers

    /**
     * The dashboard's consumer joins its group from the newest offsets when the service starts; until it has its
     * partitions, events pass it by. Progress is published until one comes through the stream.
     */
    private void awaitLive(SseClient stream) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            publishAll(List.of(new Progress(EXPERIMENT, "scorer-service", Stage.SCORE, "pretrained", ++warmUps, 1000,
                    "warming up")));
            try {
                stream.next("progress", Duration.ofMillis(500));
                return;
            } catch (AssertionError notYet) {
                // not assigned yet
            }
        }
        throw new AssertionError("the stream never became live");
    }

    private static JsonNode lastCounts(SseClient stream) {
        JsonNode last = null;
        for (SseClient.Event e : stream.seen()) {
            if ("counts".equals(e.name())) {
                last = e.data();
            }
        }
        assertNotNull(last, "no counts event");
        return last;
    }

    private static int withClass(NodeList nodes, String cssClass) {
        int n = 0;
        for (int i = 0; i < nodes.getLength(); i++) {
            String classes = ((Element) nodes.item(i)).getAttribute("class");
            n += List.of(classes.split(" ")).contains(cssClass) ? 1 : 0;
        }
        return n;
    }

    private void publishAll(List<? extends HeadcountEvent> events) throws Exception {
        for (HeadcountEvent event : events) {
            producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.toJson(event)));
        }
        producer.flush();
    }

    private URI uri(String path) throws Exception {
        return base.toURI().resolve(path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
