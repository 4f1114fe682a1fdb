package dev.headcount.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.HeadId;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Ranking;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.Stage;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.TaskSpec;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
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
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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

/**
 * The service against a real broker: the built-in MiniLM on a tiny slice of a built-in task, one {@link WorkRequested}
 * per fine-tune on {@code headcount.finetune-jobs}, as the report-service's planner hands them out.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FineTuneServiceTest {

    static final String TASK = "builtin/lt-acceptability";
    static final String EXPERIMENT = "exp-finetune";
    static final Ranking RANKING = Ranking.byTask("builtin/sotu-pairs");
    static final ModelVariant FINETUNED = ModelVariant.finetuned(TASK);
    static final ModelVariant PRUNED_THEN_FINETUNED = ModelVariant.prunedThenFinetuned(RANKING, 0.5, TASK);
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ArtifactStore store;

    @TestHTTPResource("/q/health/ready")
    URI health;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    /** One downstream task, one fine-tune fraction: two fine-tunes, from the request's model and from pruned/…/0.5. */
    static ExperimentRequested requested(String experimentId, String task) {
        ExperimentRequest request = new ExperimentRequest("builtin:all-MiniLM-L6-v2",
                TaskSpec.parse("builtin/sotu-pairs"), List.of(TaskSpec.parse(task)), new SampleSizes(64, 64, 32),
                null, null, null, List.of(0.5), new FineTuneOptions(1, 5e-5, 16, 32, 0.1, 0.01), 42L);
        return new ExperimentRequested(experimentId, request, Instant.parse("2025-05-01T09:30:00Z"));
    }

    /** The plan's fine-tune units as the planner hands them out (stores the request first, as the report-service does). */
    List<WorkRequested> fineTuneUnits(ExperimentRequested requested) throws Exception {
        StoredRequests.store(store, requested);
        WorkPlan plan = WorkPlan.of(ExperimentPlan.of(requested));
        return plan.units().stream().filter(u -> u.kind() == WorkUnit.Kind.FINETUNE).map(plan::request).toList();
    }

    @Test
    @Order(1)
    void poisonGoesToTheDeadLetterTopicAndTheServiceKeepsServing() throws Exception {
        publish(Topics.FINETUNE_JOBS, "poison-1", "{ this is not an event");
        WorkRequested unknownTask = fineTuneUnits(requested("exp-poison", "nope/such-task")).stream()
                .filter(r -> r.unit().variant().equals(ModelVariant.finetuned("nope/such-task"))).findFirst().orElseThrow();
        publish(unknownTask);
        fineTuneUnits(requested("exp-stranger", TASK));
        WorkRequested notInPlan = new WorkRequested("exp-stranger",
                WorkUnit.fineTune(ModelVariant.finetuned("builtin/sotu-pairs")), 0);
        publish(notInPlan);
        WorkRequested wrongKind = new WorkRequested("exp-wrong-kind",
                WorkUnit.score(ModelVariant.pretrained(), "builtin/sotu-pairs", 0, 1), 0);
        publish(Topics.FINETUNE_JOBS, wrongKind.key(), EventJson.toJson(wrongKind));

        ConsumerRecord<String, String> unparseable = await(Topics.DEAD_LETTER, 1,
                r -> r.value().contains("this is not an event")).get(0);
        DeadLetter garbage = EventJson.deadLetterFromJson(unparseable.value());
        assertEquals("{ this is not an event", garbage.payload());
        assertEquals("poison-1", unparseable.key());
        assertEquals(Topics.FINETUNE_JOBS, garbage.topic());
        assertEquals("finetune-service", garbage.service());
        assertNull(garbage.experimentId());

        DeadLetter unknown = deadLetterOf("exp-poison");
        assertEquals("exp-poison", unknown.experimentId());
        assertEquals(1, unknown.attempts(), "bad input is not retried");
        assertTrue(unknown.error().startsWith("finetune/finetuned/nope/such-task: ")
                && unknown.error().contains("unknown task"), unknown.error());
        ExperimentFailed failed = (ExperimentFailed) EventJson.fromJson(await(Topics.EXPERIMENTS, 1,
                r -> r.value().contains("ExperimentFailed") && r.value().contains("exp-poison")).get(0).value());
        assertEquals("WorkRequested", failed.failedEventType());
        assertEquals(unknownTask.eventId(), failed.failedEventId());
        assertEquals(unknown.error(), failed.reason());

        DeadLetter stranger = deadLetterOf("exp-stranger");
        assertTrue(stranger.error().contains("finetune/finetuned/builtin/sotu-pairs is not a unit of experiment "
                + "exp-stranger"), stranger.error());
        DeadLetter scoring = deadLetterOf("exp-wrong-kind");
        assertTrue(scoring.error().contains("finetune-service does not do score units"), scoring.error());
        // none of them was worked on: no WorkDone
        assertEquals(List.of(), records(Topics.PROGRESS, r -> r.value().contains("\"WorkDone\"")
                && (r.key().equals("exp-poison") || r.key().equals("exp-stranger") || r.key().equals("exp-wrong-kind"))));
        // the service keeps serving: the next test's units are consumed after these
    }

    @Test
    @Order(2)
    void fineTunesEachUnitOfThePlanFromItsBaseAndReportsEachUnitDone() throws Exception {
        ExperimentRequested requested = requested(EXPERIMENT, TASK);
        List<WorkRequested> units = fineTuneUnits(requested);
        assertEquals(Set.of(FINETUNED, PRUNED_THEN_FINETUNED),
                units.stream().map(r -> r.unit().variant()).collect(Collectors.toSet()));
        // what the pruner stores (and announces with PrunedModelReady) before the planner hands the unit out:
        // MiniLM without two heads of layer 0
        store.writeDirectory(EXPERIMENT, PRUNED_THEN_FINETUNED.base(), ArtifactLayout.MODEL, dir -> {
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel full = ModelSource.open(requested.request().model(), manager);
                 EncoderModel smaller = HeadPruner.prune(full, List.of(new dev.headcount.engine.pruning.HeadId(0, 0),
                         new dev.headcount.engine.pruning.HeadId(0, 1)), manager).model()) {
                ModelDirectory.save(smaller, dir);
            }
        });
        for (WorkRequested unit : units) {
            publish(unit);
        }

        Map<ModelVariant, Integer> heads = Map.of(FINETUNED, 72, PRUNED_THEN_FINETUNED, 70);
        for (ModelVariant variant : heads.keySet()) {
            ModelFineTuned done = fineTuned(variant, 1).get(0);
            assertEquals(variant, done.variant());
            assertEquals("mcc", done.primaryMetric());
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel model = ModelDirectory.load(store.localPath(URI.create(done.artifactUri())), manager)) {
                assertEquals(2, model.config().numLabels());
                assertEquals(heads.get(variant), model.remainingHeads(), variant.toString());
            }
        }
        List<WorkDone> done = workDone(2);
        assertEquals(units.stream().map(WorkRequested::unit).collect(Collectors.toSet()),
                done.stream().map(WorkDone::unit).collect(Collectors.toSet()));
        for (WorkDone d : done) {
            assertFalse(d.reused(), d.unit().id());
            assertTrue(d.worker().startsWith("finetune-service@"), d.worker());
        }

        List<HeadcountEvent> progress = records(Topics.PROGRESS, r -> Objects.equals(r.key(), EXPERIMENT)).stream()
                .map(r -> EventJson.fromJson(r.value())).toList();
        for (ModelVariant variant : heads.keySet()) {
            assertEquals(List.of(1, 2, 3, 4), progress.stream().filter(FineTuneProgress.class::isInstance)
                    .map(FineTuneProgress.class::cast).filter(p -> p.variant().equals(variant))
                    .map(FineTuneProgress::step).toList(), variant.toString());
            Stage stage = variant.equals(FINETUNED) ? Stage.FINETUNE : Stage.PRUNED_FINETUNE;
            assertEquals(List.of(0L, 1L), progress.stream().filter(Progress.class::isInstance).map(Progress.class::cast)
                    .filter(p -> p.subject().equals(variant.name()) && p.stage() == stage).map(Progress::done).toList(),
                    variant.toString());
        }
    }

    @Test
    @Order(3)
    void aRedeliveredUnitIsReadBackNotTrainedAgain() throws Exception {
        ModelFineTuned first = fineTuned(FINETUNED, 1).get(0);
        WorkDone trained = workDone(2).stream().filter(d -> d.unit().variant().equals(FINETUNED)).findFirst()
                .orElseThrow();
        Path checkpoint = store.localPath(URI.create(first.artifactUri()));
        FileTime written = Files.getLastModifiedTime(checkpoint.resolve(ModelDirectory.WEIGHTS));

        publish(WorkPlan.of(StoredRequests.plan(store, EXPERIMENT)).request(WorkUnit.fineTune(FINETUNED)));

        WorkDone again = workDone(3).get(2);
        assertEquals(trained.unit(), again.unit());
        assertTrue(again.reused(), "a stored fine-tune is read back");
        List<ConsumerRecord<String, String>> both = await(Topics.MODELS, 2, fineTunedRecord(FINETUNED));
        assertEquals(both.get(0).value(), both.get(1).value(), "the same ModelFineTuned, same id and completedAt");
        assertEquals(written, Files.getLastModifiedTime(checkpoint.resolve(ModelDirectory.WEIGHTS)));
        System.out.printf("finetune-service: %s trained in %.2f s, read back in %.2f s%n", FINETUNED,
                trained.seconds(), again.seconds());
        assertTrue(again.seconds() < trained.seconds() / 2, "read back in " + again.seconds() + " s, trained in "
                + trained.seconds() + " s");
    }

    @Test
    @Order(4)
    void reportsHealthAndMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        String scraped = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        String headcount = scraped.lines().filter(l -> l.contains("headcount")).toList().toString();
        assertTrue(scraped.contains("headcount_finetune_units_seconds_count{outcome=\"trained\",stage=\"finetune\"}"),
                headcount);
        assertTrue(scraped.contains("headcount_finetune_units_seconds_count{outcome=\"trained\",stage=\"pruned_finetune\"}"),
                headcount);
        assertTrue(scraped.contains("headcount_finetune_units_seconds_count{outcome=\"reused\",stage=\"finetune\"}"), headcount);
        assertTrue(scraped.contains("outcome=\"poison\""), headcount);
        assertTrue(scraped.contains("headcount_records_dead_letters_total{topic=\"headcount.finetune-jobs\"}"), headcount);
    }

    private DeadLetter deadLetterOf(String experimentId) {
        return EventJson.deadLetterFromJson(await(Topics.DEAD_LETTER, 1,
                r -> r.value().contains("\"" + experimentId + "\"")).get(0).value());
    }

    private static Predicate<ConsumerRecord<String, String>> fineTunedRecord(ModelVariant variant) {
        return r -> Objects.equals(r.key(), EXPERIMENT + "/" + variant) && r.value().contains("\"ModelFineTuned\"");
    }

    private List<ModelFineTuned> fineTuned(ModelVariant variant, int count) {
        return await(Topics.MODELS, count, fineTunedRecord(variant)).stream()
                .map(r -> (ModelFineTuned) EventJson.fromJson(r.value())).toList();
    }

    /** The experiment's first {@code count} WorkDone, in the order they were published. */
    private List<WorkDone> workDone(int count) {
        return await(Topics.PROGRESS, count, r -> Objects.equals(r.key(), EXPERIMENT)
                && r.value().contains("\"WorkDone\"")).stream().map(r -> (WorkDone) EventJson.fromJson(r.value()))
                .toList();
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

    /** Every record of a topic that matches, from its beginning up to its end as of now. */
    private List<ConsumerRecord<String, String>> records(String topic, Predicate<ConsumerRecord<String, String>> matching) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end");
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(r)) {
                        found.add(r);
                    }
                }
            }
            return found;
        }
    }
}
