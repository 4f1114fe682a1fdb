package dev.headcount.report;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentCompleted;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.report.store.Collections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replay mode ({@code headcount.report.replay=true}, README "Replay") on the local stack's real broker and MongoDB: the
 * events of a whole experiment, published by hand, are aggregated as usual, but nothing is handed out, the experiment
 * is not completed by the service (it waits, running, with every result in) until the log's own ExperimentCompleted,
 * whose time and report URI it takes, no file is written to the artifact store, and submitting is refused.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestProfile(ReplayModeTest.Profile.class)
class ReplayModeTest {
    private static final Duration PATIENCE = Await.PATIENCE;
    private static final String EXPERIMENT = "exp-replay-" + UUID.randomUUID().toString().substring(0, 8);
    static final String GROUP = "replay-" + UUID.randomUUID().toString().substring(0, 8);

    /** Replay mode with a group and a database of its own, as a rebuild runs. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headcount.report.replay", "true", "mp.messaging.incoming.events.group.id", GROUP,
                    "headcount.mongodb.database", GROUP);
        }
    }

    @TestHTTPResource("/")
    URL base;
    @Inject
    MongoClient mongo;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "headcount.artifact-root")
    String artifactRoot;

    @Test
    void aReplayAggregatesEverythingAndActsOnNothing() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.toURI()
                        .resolve("/experiments")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestAuth.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("headcount.report.replay=true"), refused.body());

        TinyExperiment tiny = new TinyExperiment(EXPERIMENT);
        List<HeadcountEvent> log = new ArrayList<>();
        log.add(tiny.requested());
        log.addAll(tiny.maps());
        log.addAll(tiny.fineTunes());
        log.addAll(tiny.prunedModels());
        log.addAll(tiny.evaluations());
        publish(log);
        awaitNoLag();

        Document experiment = experiment();
        assertEquals("running", experiment.getString("status"), "every result is in, but the log has not completed it");
        Document done = experiment.get("done", Document.class);
        assertEquals(experiment.get("expected", Document.class), done, "every result aggregated");
        assertEquals(tiny.evaluations().size(), mongo.getDatabase(GROUP).getCollection(Collections.EVALUATIONS)
                .countDocuments(Filters.eq("experimentId", EXPERIMENT)));
        assertTrue(mongo.getDatabase(GROUP).getCollection(Collections.COHERENCE)
                .countDocuments(Filters.eq("experimentId", EXPERIMENT)) > 0, "derived documents computed");
        assertEquals(List.of(), handedOut(), "a replay hands out no units");

        Instant completedAt = Instant.parse("2025-05-01T10:15:30.123Z");
        String reportUri = "file:/elsewhere/" + EXPERIMENT + "/pretrained/report.md";
        publish(List.of(new ExperimentCompleted(EXPERIMENT, reportUri, completedAt)));
        awaitNoLag();
        experiment = experiment();
        assertEquals("completed", experiment.getString("status"));
        assertEquals(completedAt, experiment.getDate("completedAt").toInstant(), "the log's time, not the replay's");
        assertEquals(reportUri, experiment.getString("reportUri"));
        assertEquals(List.of(), handedOut());
        Path directory = new DirectoryArtifactStore(Path.of(artifactRoot)).root().resolve(EXPERIMENT);
        assertFalse(Files.exists(directory), "a replay writes nothing (no request, no report) into " + directory);
    }

    private void publish(List<HeadcountEvent> events) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (HeadcountEvent event : events) {
                producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.toJson(event))).get();
            }
        }
    }

    private Document experiment() {
        return mongo.getDatabase(GROUP).getCollection(Collections.EXPERIMENTS).find(Filters.eq("_id", EXPERIMENT)).first();
    }

    /** Waits until this test's group has committed every record of the topics it reads. */
    private void awaitNoLag() throws Exception {
        ReportGroup.awaitNoLag(bootstrap, GROUP, PATIENCE);
    }

    /** The keys of every record of this experiment on the work topics, read from the beginning to the end. */
    private List<String> handedOut() {
        return WorkTopics.handedOut(bootstrap, EXPERIMENT).stream().map(ConsumerRecord::key).toList();
    }
}
