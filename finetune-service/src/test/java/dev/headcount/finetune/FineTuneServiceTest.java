package dev.headcount.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.pruning.HeadPruner;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.HeadId;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Ranking;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.TaskSpec;
import dev.headcount.events.Topics;
import dev.headcount.localstack.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The service against a real broker: the built-in MiniLM on a tiny slice of a built-in task. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FineTuneServiceTest {

    static final String TASK = "builtin/lt-acceptability";
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ArtifactStore store;

    @TestHTTPResource("/q/health/ready")
    URI health;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    static ExperimentRequested requested(String experimentId, String task) {
        ExperimentRequest request = new ExperimentRequest("builtin:all-MiniLM-L6-v2",
                TaskSpec.parse("builtin/sotu-pairs"), List.of(TaskSpec.parse(task)), new SampleSizes(64, 64, 32),
                null, null, null, List.of(0.5), new FineTuneOptions(1, 5e-5, 16, 32, 0.1, 0.01), 42L);
        return new ExperimentRequested(experimentId, request, Instant.parse("2025-05-01T09:30:00Z"));
    }

    @Test
    @Order(1)
    void poisonGoesToTheDeadLetterTopicAndTheServiceKeepsServing() throws Exception {
        publish(Topics.EXPERIMENTS, "poison-1", "{ this is not an event");
        ExperimentRequested unknownTask = requested("exp-poison", "nope/such-task");
        StoredRequests.store(store, unknownTask);
        publish(unknownTask);

        ConsumerRecord<String, String> unparseable = await(Topics.DEAD_LETTER, 1,
                r -> r.value().contains("this is not an event")).get(0);
        DeadLetter garbage = EventJson.deadLetterFromJson(unparseable.value());
        assertEquals("{ this is not an event", garbage.payload());
        assertEquals("poison-1", unparseable.key());
        assertEquals("finetune-service", garbage.service());
        assertNull(garbage.experimentId());

        DeadLetter unknown = EventJson.deadLetterFromJson(await(Topics.DEAD_LETTER, 1,
                r -> r.value().contains("exp-poison")).get(0).value());
        assertEquals("exp-poison", unknown.experimentId());
        assertTrue(unknown.error().contains("finetuned/nope/such-task: ") && unknown.error().contains("unknown task"),
                unknown.error());
        ExperimentFailed failed = (ExperimentFailed) EventJson.fromJson(await(Topics.EXPERIMENTS, 1,
                r -> r.value().contains("ExperimentFailed") && r.value().contains("exp-poison")).get(0).value());
        assertEquals("ExperimentRequested", failed.failedEventType());
        assertEquals(unknownTask.eventId(), failed.failedEventId());
        assertEquals(unknown.error(), failed.reason());
        // the service keeps serving: the next test's experiment is consumed after these
    }

    @Test
    @Order(2)
    void fineTunesEachDownstreamTaskOnceAndRepublishesTheSameEvent() throws Exception {
        ExperimentRequested requested = requested("exp-finetune", TASK);
        StoredRequests.store(store, requested);
        ModelVariant variant = ModelVariant.finetuned(TASK);
        Predicate<ConsumerRecord<String, String>> result = r -> Objects.equals(r.key(), "exp-finetune/" + variant)
                && r.value().contains("\"ModelFineTuned\"");

        long t0 = System.nanoTime();
        publish(requested);
        ModelFineTuned first = (ModelFineTuned) EventJson.fromJson(await(Topics.MODELS, 1, result).get(0).value());
        long firstMillis = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(variant, first.variant());
        assertEquals("mcc", first.primaryMetric());
        Path checkpoint = store.localPath(URI.create(first.artifactUri()));
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = ModelDirectory.load(checkpoint, manager)) {
            assertEquals(2, model.config().numLabels());
            assertEquals(72, model.remainingHeads());
        }
        List<ConsumerRecord<String, String>> progress = await(Topics.PROGRESS, 6,
                r -> Objects.equals(r.key(), "exp-finetune"));
        List<HeadcountEvent> progressEvents = progress.stream().map(r -> EventJson.fromJson(r.value())).toList();
        assertEquals(List.of(1, 2, 3, 4), progressEvents.stream().filter(FineTuneProgress.class::isInstance)
                .map(e -> ((FineTuneProgress) e).step()).toList());
        assertEquals(List.of(0L, 1L), progressEvents.stream().filter(Progress.class::isInstance)
                .map(e -> ((Progress) e).done()).toList());

        // the same event again (a redelivery): the identical result, nothing trained
        FileTime written = Files.getLastModifiedTime(checkpoint.resolve(ModelDirectory.WEIGHTS));
        long t1 = System.nanoTime();
        publish(requested);
        List<ConsumerRecord<String, String>> both = await(Topics.MODELS, 2, result);
        long secondMillis = (System.nanoTime() - t1) / 1_000_000;
        ModelFineTuned second = (ModelFineTuned) EventJson.fromJson(both.get(1).value());
        assertEquals(first.eventId(), second.eventId());
        assertEquals(first, second);
        assertEquals(both.get(0).value(), both.get(1).value());
        assertEquals(written, Files.getLastModifiedTime(checkpoint.resolve(ModelDirectory.WEIGHTS)));
        System.out.printf("finetune-service: first ModelFineTuned after %d ms, the repeated one after %d ms%n",
                firstMillis, secondMillis);
        assertTrue(secondMillis < firstMillis / 2, "repeat took " + secondMillis + " ms, first " + firstMillis + " ms");
    }

    @Test
    @Order(3)
    void fineTunesThePrunedModelOnEachDownstreamTaskAndRefusesAPrunedModelTheRequestDidNotAskFor() throws Exception {
        ExperimentRequested requested = requested("exp-pruned", TASK);
        StoredRequests.store(store, requested);
        Ranking ranking = Ranking.byTask("builtin/sotu-pairs");
        ModelVariant pruned = ModelVariant.pruned(ranking, 0.5);
        // what the pruner saves and announces: MiniLM without two heads of layer 0
        URI checkpoint = store.writeDirectory("exp-pruned", pruned, ArtifactLayout.MODEL, dir -> {
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel full = ModelSource.open(requested.request().model(), manager);
                 EncoderModel smaller = HeadPruner.prune(full, List.of(new dev.headcount.engine.pruning.HeadId(0, 0),
                         new dev.headcount.engine.pruning.HeadId(0, 1)), manager).model()) {
                ModelDirectory.save(smaller, dir);
            }
        });
        publish(new PrunedModelReady("exp-pruned", ranking, 0.3, checkpoint.toString(), List.of()));
        publish(new PrunedModelReady("exp-pruned", ranking, 0.5, checkpoint.toString(),
                List.of(new HeadId(0, 0), new HeadId(0, 1))));

        ModelVariant variant = ModelVariant.prunedThenFinetuned(ranking, 0.5, TASK);
        ModelFineTuned done = (ModelFineTuned) EventJson.fromJson(await(Topics.MODELS, 1,
                r -> Objects.equals(r.key(), "exp-pruned/" + variant) && r.value().contains("\"ModelFineTuned\"")).get(0).value());
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(store.localPath(URI.create(done.artifactUri())), manager)) {
            assertEquals(70, model.remainingHeads());
        }
        assertTrue(await(Topics.PROGRESS, 1, r -> Objects.equals(r.key(), "exp-pruned")
                && r.value().contains("\"pruned-finetune\"")).size() == 1);
        DeadLetter refused = EventJson.deadLetterFromJson(await(Topics.DEAD_LETTER, 1,
                r -> r.value().contains("exp-pruned")).get(0).value());
        assertTrue(refused.error().contains("pruned/task:builtin/sotu-pairs/0.3 is not a pruned model"), refused.error());
    }

    @Test
    @Order(4)
    void reportsHealthAndMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        String scraped = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(scraped.contains("headcount_finetune_units_seconds_count{outcome=\"trained\",stage=\"finetune\"}"),
                scraped.lines().filter(l -> l.contains("headcount")).toList().toString());
        assertTrue(scraped.contains("outcome=\"reused\""));
        assertTrue(scraped.contains("headcount_records_dead_letters_total"));
    }

    private void publish(HeadcountEvent event) throws Exception {
        publish(event.topic(), event.key(), EventJson.toJson(event));
    }

    private void publish(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** The first {@code count} records of a topic (from its beginning, in offset order per partition) that match. */
    private List<ConsumerRecord<String, String>> await(String topic, int count,
                                                       Predicate<ConsumerRecord<String, String>> matching) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(r)) {
                        found.add(r);
                    }
                }
            }
            assertTrue(found.size() >= count, "expected " + count + " records on " + topic + ", found " + found.size());
            return found.subList(0, count);
        }
    }
}
