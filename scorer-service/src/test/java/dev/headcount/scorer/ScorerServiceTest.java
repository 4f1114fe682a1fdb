package dev.headcount.scorer;

import static dev.headcount.pipeline.testing.KafkaTestClient.ofExperiment;
import static dev.headcount.pipeline.testing.KafkaTestClient.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.CurveSummary;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Ranking;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.Topics;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.pipeline.ScoringJob;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.pipeline.testing.KafkaTestClient;
import dev.headcount.pipeline.testing.TinyExperiment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scorer on a real broker (the local stack): events in with a plain producer, events out read back. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ScorerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    static Path work;
    static TinyExperiment tiny;
    static KafkaTestClient kafka;
    static DirectoryArtifactStore store;

    @BeforeAll
    static void setUp() throws Exception {
        work = Files.createTempDirectory("scorer-test");
        tiny = TinyExperiment.create(work.resolve("tiny"));
        kafka = new KafkaTestClient(LocalStackTestResource.stack().kafkaBootstrapServers());
        store = new DirectoryArtifactStore(LocalStackTestResource.stack().artifactRoot());
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    static String experimentId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The map's one event on the head-importance topic: its completion (no per-head events any more). */
    static List<HeadcountEvent> mapEvents(String experimentId, ModelVariant variant, String task) {
        String key = experimentId + "/" + variant + "/" + task;
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.HEAD_IMPORTANCE,
                r -> key.equals(r.key()), 1, WAIT);
        assertEquals(1, records.size(), "the completion of " + key);
        return records.stream().map(r -> EventJson.fromJson(r.value())).toList();
    }

    /** The events must be those of the job run directly (in another store: the map's URI differs, nothing else). */
    static void assertSameAsDirectRun(List<HeadcountEvent> events, ExperimentPlan plan, ModelVariant variant,
                                      String task, String modelLocation) throws Exception {
        DirectoryArtifactStore own = new DirectoryArtifactStore(work.resolve("reference-" + plan.experimentId()));
        ScoringJob.Result direct = new ScoringJob(own, TaskLoading.fromEnvironment(), "test")
                .run(plan, variant, task, modelLocation, null);
        assertEquals(1, events.size());
        ImportanceMapCompleted completed = (ImportanceMapCompleted) events.get(0);
        assertEquals(direct.completed().eventId(), completed.eventId());
        assertEquals(direct.completed().rawSums(), completed.rawSums());
        assertEquals(direct.completed().counts(), completed.counts());
        assertEquals(direct.completed().normalizedImportance(), completed.normalizedImportance());
        assertEquals(direct.completed().attentionEntropy(), completed.attentionEntropy());
        assertEquals(ArtifactLayout.importanceMap(store, plan.experimentId(), variant, task).toString(),
                completed.artifactUri());
        assertTrue(Files.isRegularFile(store.localPath(java.net.URI.create(completed.artifactUri()))));
    }

    @Test
    void anExperimentRequestScoresThePretrainingTaskOnThePretrainedModel() throws Exception {
        String id = experimentId("scorer-req");
        ExperimentRequested requested = new ExperimentRequested(id, tiny.request(), Instant.now());
        kafka.publish(requested);

        List<HeadcountEvent> events = mapEvents(id, ModelVariant.pretrained(), TinyExperiment.PRETRAINING);

        assertSameAsDirectRun(events, ExperimentPlan.of(requested), ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING, tiny.pretrainedModel().toString());
        List<ConsumerRecord<String, String>> progress = kafka.await(Topics.PROGRESS,
                ofExperiment(id).and(ofType("Progress")), 4, WAIT);
        Progress last = (Progress) EventJson.fromJson(progress.get(progress.size() - 1).value());
        assertEquals("scorer-service", last.service());
        assertEquals(12, last.done());
        assertEquals(12, last.total());
        assertTrue(Files.isRegularFile(store.localPath(store.uriOf(id, ModelVariant.pretrained(), "request.json"))),
                "the request is kept for the later stages");
    }

    @Test
    void aFineTunedModelIsScoredOnItsTaskAndOtherVariantsAreIgnored() throws Exception {
        String id = experimentId("scorer-ft");
        ExperimentRequested requested = new ExperimentRequested(id, tiny.request(), Instant.now());
        StoredRequests.store(store, requested);   // as the report-service does before publishing the request
        Path model = tiny.writeFineTuned(store, id);
        ModelVariant finetuned = ModelVariant.finetuned(TinyExperiment.DOWNSTREAM);
        CurveSummary curve = new CurveSummary(10, 1, List.of(0.7), List.of(0.5), 1, 1.0);
        ModelVariant prunedThenTuned = ModelVariant.prunedThenFinetuned(Ranking.byTask(TinyExperiment.PRETRAINING), 0.5,
                TinyExperiment.DOWNSTREAM);
        kafka.publish(new ModelFineTuned(id, prunedThenTuned, model.toUri().toString(), "accuracy",
                Map.of("accuracy", 0.5), 0.7, curve, Instant.now()));
        kafka.publish(new ModelFineTuned(id, finetuned, model.toUri().toString(), "accuracy",
                Map.of("accuracy", 0.5), 0.7, curve, Instant.now()));

        List<HeadcountEvent> events = mapEvents(id, finetuned, TinyExperiment.DOWNSTREAM);

        assertSameAsDirectRun(events, ExperimentPlan.of(requested), finetuned, TinyExperiment.DOWNSTREAM,
                model.toString());
        // published after the pruned-then-fine-tuned model on the same partition key prefix: that one was skipped
        assertEquals(1, kafka.await(Topics.HEAD_IMPORTANCE, ofExperiment(id), 2, Duration.ofSeconds(2)).size(),
                "only the fine-tuned model's map");
        assertFalse(Files.exists(store.localPath(ArtifactLayout.importanceMap(store, id, prunedThenTuned,
                TinyExperiment.DOWNSTREAM))));
    }

    @Test
    void poisonAndUnscorableRecordsAreDeadLetteredAndTheServiceKeepsWorking() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        kafka.publish(Topics.EXPERIMENTS, poisonKey, "{not json at all");
        String bad = experimentId("scorer-bad");
        StoredRequests.store(store, new ExperimentRequested(bad, tiny.request(), Instant.now()));
        ModelFineTuned unknownTask = new ModelFineTuned(bad, ModelVariant.finetuned("tiny/unknown"),
                work.toUri().toString(), "accuracy", Map.of("accuracy", 0.5), 0.7,
                new CurveSummary(1, 1, List.of(0.7), List.of(0.5), 1, 1.0), Instant.now());
        kafka.publish(unknownTask);
        String good = experimentId("scorer-after");
        kafka.publish(new ExperimentRequested(good, tiny.request(), Instant.now()));

        List<ConsumerRecord<String, String>> poison = kafka.await(Topics.DEAD_LETTER, r -> poisonKey.equals(r.key()), 1, WAIT);
        assertEquals(1, poison.size());
        DeadLetter letter = EventJson.deadLetterFromJson(poison.get(0).value());
        assertEquals("{not json at all", letter.payload());
        assertEquals(Topics.EXPERIMENTS, letter.topic());
        assertEquals("scorer-service", letter.service());
        assertTrue(letter.error().contains("not JSON"), letter.error());

        DeadLetter unscorable = EventJson.deadLetterFromJson(kafka.await(Topics.DEAD_LETTER, ofExperiment(bad), 1, WAIT)
                .get(0).value());
        assertEquals(Topics.MODELS, unscorable.topic());
        assertEquals(1, unscorable.attempts(), "a task the experiment does not have cannot pass: not retried");
        assertTrue(unscorable.error().contains("tiny/unknown"), unscorable.error());
        ExperimentFailed failed = (ExperimentFailed) EventJson.fromJson(kafka.await(Topics.EXPERIMENTS,
                ofExperiment(bad).and(ofType("ExperimentFailed")), 1, WAIT).get(0).value());
        assertEquals("scorer-service", failed.service());
        assertEquals("ModelFineTuned", failed.failedEventType());
        assertEquals(unknownTask.eventId(), failed.failedEventId());

        List<HeadcountEvent> after = mapEvents(good, ModelVariant.pretrained(), TinyExperiment.PRETRAINING);
        assertTrue(after.get(0) instanceof ImportanceMapCompleted);
    }
}
