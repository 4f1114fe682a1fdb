package dev.headcount.scorer;

import static dev.headcount.pipeline.testing.KafkaTestClient.ofExperiment;
import static dev.headcount.pipeline.testing.KafkaTestClient.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ImportanceOptions;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.pipeline.ImportanceShardFile;
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
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer on a real broker (the local stack): the report-service's part played by the test (store the request,
 * publish the shards' {@code WorkRequested} as {@code WorkPlan} lists them), events out read back.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ScorerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SHARDS = 3;

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

    /** A request for the tiny experiment scored in 3 shards of batches of 2 (12 examples: 6 batches, 2 per shard). */
    static ExperimentRequested requested(String id) {
        ExperimentRequest t = tiny.request();
        ExperimentRequest request = new ExperimentRequest(t.model(), t.pretrainingTask(), t.downstreamTasks(),
                t.samples(), new ImportanceOptions(null, null, null, null, 2, SHARDS), t.pruningFractions(),
                t.rankings(), t.finetuneFractions(), t.fineTuning(), t.seed());
        return new ExperimentRequested(id, request, Instant.now());
    }

    /** What the report-service does: store the request, then hand out the map's shards. */
    static List<WorkRequested> handOut(ExperimentRequested requested, ModelVariant variant) throws Exception {
        StoredRequests.store(store, requested);
        WorkPlan plan = WorkPlan.of(ExperimentPlan.of(requested));
        List<WorkRequested> shards = (variant.equals(ModelVariant.pretrained()) ? plan.atStart()
                : plan.unlockedBy(new WorkPlan.ModelReady(variant), need -> true)).stream()
                .filter(w -> w.unit().kind() == WorkUnit.Kind.SCORE && w.unit().variant().equals(variant))
                .toList();
        assertEquals(SHARDS, shards.size());
        shards.forEach(kafka::publish);
        return shards;
    }

    /** The map's one event on the head-importance topic: its completion (no per-head events any more). */
    static List<HeadcountEvent> mapEvents(String experimentId, ModelVariant variant, String task, int count) {
        String key = experimentId + "/" + variant + "/" + task;
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.HEAD_IMPORTANCE,
                r -> key.equals(r.key()), count, WAIT);
        assertEquals(count, records.size(), "the completion of " + key);
        return records.stream().map(r -> EventJson.fromJson(r.value())).toList();
    }

    /** The WorkDone of each shard, once every shard was acknowledged. */
    static List<WorkDone> workDone(String experimentId, int count) {
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.PROGRESS,
                ofExperiment(experimentId).and(ofType("WorkDone")), count, WAIT);
        assertEquals(count, records.size(), "WorkDone of " + experimentId);
        return records.stream().map(r -> (WorkDone) EventJson.fromJson(r.value())).toList();
    }

    /**
     * The completion must be that of the unsharded job run directly (in another store: the map's URI differs, and
     * the shards' sums are added in another order: equal within 1e-9 relative).
     */
    static void assertSameAsDirectRun(List<HeadcountEvent> events, ExperimentPlan plan, ModelVariant variant,
                                      String task) throws Exception {
        DirectoryArtifactStore own = new DirectoryArtifactStore(work.resolve("reference-" + plan.experimentId()));
        if (!variant.equals(ModelVariant.pretrained())) {
            tiny.writeFineTuned(own, plan.experimentId());
        }
        ScoringJob.Result direct = new ScoringJob(own, TaskLoading.fromEnvironment(), "test")
                .run(plan, variant, task, null);
        assertEquals(1, events.size());
        ImportanceMapCompleted completed = (ImportanceMapCompleted) events.get(0);
        assertEquals(direct.completed().eventId(), completed.eventId());
        assertFalse(completed.carriesMatrices(), "the numbers travel in the file the event names");
        // read as the report-service reads it: the file named, checked against the event's digest
        ImportanceMapCompleted read = dev.headcount.events.ImportanceMapFile.readAnnounced(store, completed);
        ImportanceMapCompleted expected = direct.withMatrices();
        assertClose(expected.rawSums(), read.rawSums());
        assertEquals(expected.counts(), read.counts());
        assertClose(expected.normalizedImportance(), read.normalizedImportance());
        assertClose(expected.attentionEntropy(), read.attentionEntropy());
        assertEquals(ArtifactLayout.importanceMap(store, plan.experimentId(), variant, task).toString(),
                completed.artifactUri());
        assertTrue(Files.isRegularFile(store.localPath(java.net.URI.create(completed.artifactUri()))));
    }

    static void assertClose(List<List<Double>> expected, List<List<Double>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int l = 0; l < expected.size(); l++) {
            for (int h = 0; h < expected.get(l).size(); h++) {
                double e = expected.get(l).get(h);
                double a = actual.get(l).get(h);
                assertTrue(Math.abs(e - a) <= 1e-9 * Math.max(Math.abs(e), Math.abs(a)),
                        "[" + l + "][" + h + "]: " + e + " vs " + a);
            }
        }
    }

    @Test
    void theShardsOfThePretrainingMapAreMergedIntoOneCompletion() throws Exception {
        String id = experimentId("scorer-req");
        ExperimentRequested requested = requested(id);
        List<WorkRequested> shards = handOut(requested, ModelVariant.pretrained());

        List<HeadcountEvent> events = mapEvents(id, ModelVariant.pretrained(), TinyExperiment.PRETRAINING, 1);
        List<WorkDone> done = workDone(id, SHARDS);

        assertSameAsDirectRun(events, ExperimentPlan.of(requested), ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING);
        assertEquals(shards.stream().map(w -> w.unit().id()).sorted().toList(),
                done.stream().map(d -> d.unit().id()).sorted().toList(), "one WorkDone per shard");
        for (WorkDone d : done) {
            assertFalse(d.reused(), d.unit().id());
            assertTrue(d.worker().startsWith("scorer-service@"), d.worker());
            assertTrue(Files.isRegularFile(store.localPath(store.uriOf(id, ModelVariant.pretrained(),
                    ImportanceShardFile.name(TinyExperiment.PRETRAINING, d.unit().shard(), SHARDS)))));
        }
        // Progress per shard, its subject the unit: each shard ends at its 4 examples
        List<Progress> progress = kafka.await(Topics.PROGRESS, ofExperiment(id).and(ofType("Progress")), 3 * SHARDS,
                WAIT).stream().map(r -> (Progress) EventJson.fromJson(r.value())).toList();
        for (WorkRequested shard : shards) {
            List<Progress> own = progress.stream().filter(p -> p.subject().equals(shard.unit().id())).toList();
            assertFalse(own.isEmpty(), shard.unit().id());
            Progress last = own.get(own.size() - 1);
            assertEquals("scorer-service", last.service());
            assertEquals(4, last.done(), shard.unit().id());
            assertEquals(4, last.total(), shard.unit().id());
        }

        // the map makes the pruned models ready: their units travel on this topic too, and the scorer makes them
        WorkPlan work = WorkPlan.of(ExperimentPlan.of(requested));
        List<WorkRequested> prunes = work.unlockedBy(new WorkPlan.MapReady(ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING), need -> true).stream()
                .filter(w -> w.unit().kind() == WorkUnit.Kind.PRUNE).toList();
        assertFalse(prunes.isEmpty());
        assertTrue(prunes.stream().allMatch(w -> w.topic().equals(Topics.SCORING_JOBS)));
        prunes.forEach(kafka::publish);
        List<ConsumerRecord<String, String>> models = kafka.await(Topics.MODELS, ofExperiment(id), prunes.size(), WAIT);
        assertEquals(prunes.size(), models.size());
        for (ConsumerRecord<String, String> r : models) {
            dev.headcount.events.PrunedModelReady ready = (dev.headcount.events.PrunedModelReady) EventJson.fromJson(
                    r.value());
            assertFalse(ready.prunedHeads().isEmpty(), r.value());
            assertTrue(Files.isRegularFile(store.localPath(java.net.URI.create(ready.artifactUri())).resolve(
                    "config.json")), ready.artifactUri());
        }
        List<WorkDone> pruned = workDone(id, SHARDS + prunes.size()).stream()
                .filter(d -> d.unit().kind() == WorkUnit.Kind.PRUNE).toList();
        assertEquals(prunes.size(), pruned.size());
        assertTrue(pruned.stream().allMatch(d -> d.worker().startsWith("scorer-service@") && !d.reused()),
                pruned.toString());
    }

    @Test
    void aFineTunedModelIsScoredInShardsAndARedeliveredShardIsReadBack() throws Exception {
        String id = experimentId("scorer-ft");
        ExperimentRequested requested = requested(id);
        StoredRequests.store(store, requested);
        tiny.writeFineTuned(store, id);
        ModelVariant finetuned = ModelVariant.finetuned(TinyExperiment.DOWNSTREAM);
        List<WorkRequested> shards = handOut(requested, finetuned);

        List<HeadcountEvent> events = mapEvents(id, finetuned, TinyExperiment.DOWNSTREAM, 1);
        workDone(id, SHARDS);
        assertSameAsDirectRun(events, ExperimentPlan.of(requested), finetuned, TinyExperiment.DOWNSTREAM);
        Path map = store.localPath(ArtifactLayout.importanceMap(store, id, finetuned, TinyExperiment.DOWNSTREAM));
        var written = Files.getLastModifiedTime(map);

        // the same shard again (a redelivery): read back, the same completion again, the map not rewritten
        kafka.publish(shards.get(1));
        List<WorkDone> done = workDone(id, SHARDS + 1);
        List<WorkDone> again = done.stream().filter(WorkDone::reused).toList();
        assertEquals(1, again.size(), "the redelivered shard alone is reused");
        assertEquals(shards.get(1).unit(), again.get(0).unit());
        List<HeadcountEvent> twice = mapEvents(id, finetuned, TinyExperiment.DOWNSTREAM, 2);
        assertEquals(EventJson.toJson(twice.get(0)), EventJson.toJson(twice.get(1)), "same id, same values");
        assertEquals(written, Files.getLastModifiedTime(map));
    }

    @Test
    void poisonForeignAndUnplannedRecordsAreDeadLetteredAndTheServiceKeepsWorking() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        kafka.publish(Topics.SCORING_JOBS, poisonKey, "{not json at all");
        String bad = experimentId("scorer-bad");
        ExperimentRequested badRequest = requested(bad);
        StoredRequests.store(store, badRequest);
        // a shard count the plan does not have: its shards could never be merged
        WorkRequested unplanned = new WorkRequested(bad, WorkUnit.score(ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING, 0, SHARDS + 1), 0);
        kafka.publish(unplanned);
        // an event that is not a unit of work, on the work topic
        String foreign = experimentId("scorer-foreign");
        ExperimentRequested foreignRequest = requested(foreign);
        kafka.publish(Topics.SCORING_JOBS, foreignRequest.key(), EventJson.toJson(foreignRequest));
        String good = experimentId("scorer-after");
        handOut(requested(good), ModelVariant.pretrained());

        List<ConsumerRecord<String, String>> poison = kafka.await(Topics.DEAD_LETTER, r -> poisonKey.equals(r.key()), 1, WAIT);
        assertEquals(1, poison.size());
        DeadLetter letter = EventJson.deadLetterFromJson(poison.get(0).value());
        assertEquals("{not json at all", letter.payload());
        assertEquals(Topics.SCORING_JOBS, letter.topic());
        assertEquals("scorer-service", letter.service());
        assertTrue(letter.error().contains("not JSON"), letter.error());

        DeadLetter refused = EventJson.deadLetterFromJson(kafka.await(Topics.DEAD_LETTER, ofExperiment(bad), 1, WAIT)
                .get(0).value());
        assertEquals(1, refused.attempts(), "a unit the plan does not have cannot pass: not retried");
        assertTrue(refused.error().contains("has no scoring unit " + unplanned.unit().id()), refused.error());
        ExperimentFailed failed = (ExperimentFailed) EventJson.fromJson(kafka.await(Topics.EXPERIMENTS,
                ofExperiment(bad).and(ofType("ExperimentFailed")), 1, WAIT).get(0).value());
        assertEquals("scorer-service", failed.service());
        assertEquals("WorkRequested", failed.failedEventType());
        assertEquals(unplanned.eventId(), failed.failedEventId());
        assertFalse(Files.exists(store.localPath(store.uriOf(bad, ModelVariant.pretrained(),
                ImportanceShardFile.name(TinyExperiment.PRETRAINING, 0, SHARDS + 1)))), "nothing stored for it");

        DeadLetter notWork = EventJson.deadLetterFromJson(kafka.await(Topics.DEAD_LETTER, ofExperiment(foreign), 1,
                WAIT).get(0).value());
        assertTrue(notWork.error().contains("carries only WorkRequested records, not ExperimentRequested"),
                notWork.error());

        List<HeadcountEvent> after = mapEvents(good, ModelVariant.pretrained(), TinyExperiment.PRETRAINING, 1);
        assertTrue(after.get(0) instanceof ImportanceMapCompleted);
    }
}
