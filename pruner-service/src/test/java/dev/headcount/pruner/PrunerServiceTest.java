package dev.headcount.pruner;

import static dev.headcount.pipeline.testing.KafkaTestClient.ofExperiment;
import static dev.headcount.pipeline.testing.KafkaTestClient.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.Provenance;
import dev.headcount.events.Progress;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.pipeline.PruningJob;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pruner on a real broker: units of work in (as the report-service hands them out), pruned models, evaluations
 * and a {@code WorkDone} per unit out.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class PrunerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    static Path work;
    static TinyExperiment tiny;
    static KafkaTestClient kafka;
    static DirectoryArtifactStore store;

    @BeforeAll
    static void setUp() throws Exception {
        work = Files.createTempDirectory("pruner-test");
        tiny = TinyExperiment.create(work.resolve("tiny"));
        kafka = new KafkaTestClient(LocalStackTestResource.stack().kafkaBootstrapServers());
        store = new DirectoryArtifactStore(LocalStackTestResource.stack().artifactRoot());
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    /** An experiment as the other services leave it: request stored, fine-tuned model written. */
    static ExperimentPlan experiment(String prefix, DirectoryArtifactStore in) throws Exception {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ExperimentRequested requested = new ExperimentRequested(id, tiny.request(), Instant.now());
        StoredRequests.store(in, requested);
        tiny.writeFineTuned(in, id);
        return ExperimentPlan.of(requested);
    }

    /** What the scorer does for one map: writes the map file. */
    static void score(ExperimentPlan plan, DirectoryArtifactStore in, int map) throws Exception {
        var key = plan.importanceMaps().get(map);
        new ScoringJob(in, TaskLoading.fromEnvironment(), "scorer-service").run(plan, key.variant(), key.task(), null);
    }

    /** The records the report-service hands the pruners, in hand-out order. */
    static List<WorkRequested> pruningRecords(ExperimentPlan plan) {
        WorkPlan work = WorkPlan.of(plan);
        return work.units().stream().filter(u -> u.topic().equals(Topics.PRUNING_JOBS)).map(work::request).toList();
    }

    static List<MaskedModelEvaluated> evaluations(String experimentId, int count, Duration wait) {
        return kafka.await(Topics.PRUNING_EVALUATIONS, ofExperiment(experimentId), count, wait).stream()
                .map(r -> (MaskedModelEvaluated) EventJson.fromJson(r.value())).toList();
    }

    static List<WorkDone> workDone(String experimentId, int count, Duration wait) {
        return kafka.await(Topics.PROGRESS, ofExperiment(experimentId).and(ofType("WorkDone")), count, wait).stream()
                .map(r -> (WorkDone) EventJson.fromJson(r.value())).toList();
    }

    @Test
    void eachUnitOnThePruningTopicGivesItsResultsAndAWorkDone() throws Exception {
        ExperimentPlan plan = experiment("pruner-flow", store);
        String id = plan.experimentId();
        score(plan, store, 0);
        score(plan, store, 1);
        List<WorkRequested> records = pruningRecords(plan);
        assertEquals(6, records.size(), "six curves (the pruned models travel on the scorer's topic)");
        records.forEach(kafka::publish);

        List<MaskedModelEvaluated> evaluated = evaluations(id, plan.evaluations().size(), WAIT);
        assertEquals(18, evaluated.size());
        Set<String> ids = evaluated.stream().map(HeadcountEvent::eventId).collect(Collectors.toSet());
        assertEquals(18, ids.size());
        Set<String> planned = new HashSet<>();
        plan.evaluations().forEach(k -> planned.add(k.base() + " " + k.ranking() + " " + k.fraction() + " " + k.evaluatedTask()));
        assertEquals(planned, evaluated.stream().map(e -> e.baseVariant() + " " + e.ranking() + " " + e.fraction() + " "
                + e.evaluatedTask()).collect(Collectors.toSet()));
        for (ConsumerRecord<String, String> r : kafka.await(Topics.PRUNING_EVALUATIONS, ofExperiment(id), 18, WAIT)) {
            assertEquals(EventJson.fromJson(r.value()).key(), r.key());
        }

        // one WorkDone per unit, each after its results
        List<WorkDone> done = workDone(id, records.size(), WAIT);
        assertEquals(records.stream().map(r -> r.unit().id()).collect(Collectors.toSet()),
                done.stream().map(d -> d.unit().id()).collect(Collectors.toSet()));
        assertEquals(records.size(), done.size());
        assertTrue(done.stream().noneMatch(WorkDone::reused));
        assertTrue(done.stream().allMatch(d -> d.worker().startsWith("pruner-service@")), done.toString());

        // the same events as the pruning job run unit by unit in a store of its own
        DirectoryArtifactStore own = new DirectoryArtifactStore(work.resolve("reference"));
        StoredRequests.store(own, new ExperimentRequested(id, plan.request(), Instant.now()));
        tiny.writeFineTuned(own, id);
        score(plan, own, 0);
        score(plan, own, 1);
        PruningJob job = new PruningJob(own, TaskLoading.fromEnvironment(), "test");
        Map<String, MaskedModelEvaluated> direct = new HashMap<>();
        for (WorkRequested r : records) {
            if (r.unit().kind() == WorkUnit.Kind.EVALUATE) {
                job.evaluate(plan, r.unit(), null, null).events().forEach(e -> direct.put(e.eventId(), e));
            }
        }
        for (MaskedModelEvaluated e : evaluated) {
            assertEquals(inAnyStore(direct.get(e.eventId())), inAnyStore(e));
        }

        List<Progress> progress = kafka.await(Topics.PROGRESS, ofExperiment(id).and(ofType("Progress"))
                        .and(r -> r.value().contains("\"stage\":\"evaluate\"")), 18, WAIT).stream()
                .map(r -> (Progress) EventJson.fromJson(r.value())).toList();
        assertEquals(18, progress.size());
        assertEquals("pruner-service", progress.get(0).service());

        // a duplicate unit, then an invalid record on the same key (same partition, so handled after it): once that
        // one is dead-lettered the duplicate has been handled: read back and republished (same ids), reused
        WorkRequested again = records.stream().filter(r -> r.unit().kind() == WorkUnit.Kind.EVALUATE).findFirst()
                .orElseThrow();
        kafka.publish(again);
        kafka.publish(Topics.PRUNING_JOBS, again.key(), "{\"type\":\"WorkRequested\",\"experimentId\":\""
                + id + "\",\"schemaVersion\":1}");
        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER, ofExperiment(id), 1, WAIT);
        assertEquals(1, dead.size());
        DeadLetter letter = EventJson.deadLetterFromJson(dead.get(0).value());
        assertEquals("pruner-service", letter.service());
        assertEquals(Topics.PRUNING_JOBS, letter.topic());
        assertTrue(letter.error().startsWith("WorkRequested."), letter.error());
        List<WorkDone> doneAgain = workDone(id, records.size() + 1, WAIT);
        assertEquals(records.size() + 1, doneAgain.size());
        assertEquals(1, doneAgain.stream().filter(WorkDone::reused).count());
        assertEquals(again.unit(), doneAgain.stream().filter(WorkDone::reused).findFirst().orElseThrow().unit());
        List<MaskedModelEvaluated> republished = evaluations(id, 18 + again.unit().fractions().size(), WAIT);
        assertEquals(18 + again.unit().fractions().size(), republished.size());
        assertEquals(ids, republished.stream().map(HeadcountEvent::eventId).collect(Collectors.toSet()),
                "republished with the same ids");
        assertTrue(kafka.await(Topics.EXPERIMENTS, ofExperiment(id).and(ofType("ExperimentFailed")), 1, WAIT)
                .get(0).value().contains("pruner-service"));
    }

    @Test
    void poisonAndUnitsOfOtherKindsAreDeadLetteredAndTheServiceKeepsWorking() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        kafka.publish(Topics.PRUNING_JOBS, poisonKey, "definitely not an event");
        ExperimentPlan plan = experiment("pruner-after", store);
        WorkRequested scoring = new WorkRequested(plan.experimentId(), WorkUnit.score(
                plan.importanceMaps().get(0).variant(), plan.pretrainingTask(), 0, 1), 0);
        kafka.publish(Topics.PRUNING_JOBS, scoring.key(), EventJson.toJson(scoring));
        score(plan, store, 0);
        // a pruned model's unit belongs to the scorer's topic: refused here by kind
        WorkPlan work = WorkPlan.of(plan);
        WorkRequested prune = work.units().stream().filter(u -> u.kind() == WorkUnit.Kind.PRUNE).map(work::request)
                .findFirst().orElseThrow();
        kafka.publish(Topics.PRUNING_JOBS, prune.key(), EventJson.toJson(prune));
        // and a curve that needs only the pre-trained model: done, so the service kept working
        WorkRequested curve = pruningRecords(plan).stream().filter(r -> r.unit().ranking().isRandom()
                && r.unit().variant().equals(dev.headcount.events.ModelVariant.pretrained())).findFirst().orElseThrow();
        kafka.publish(curve);

        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER, r -> poisonKey.equals(r.key()), 1, WAIT);
        assertEquals(1, dead.size());
        assertEquals("definitely not an event", EventJson.deadLetterFromJson(dead.get(0).value()).payload());
        List<ConsumerRecord<String, String>> wrongKind = kafka.await(Topics.DEAD_LETTER, ofExperiment(plan.experimentId()),
                2, WAIT);
        assertEquals(2, wrongKind.size());
        Set<String> errors = wrongKind.stream().map(r -> EventJson.deadLetterFromJson(r.value()).error())
                .collect(Collectors.toSet());
        assertTrue(errors.stream().anyMatch(e -> e.contains("does not do score units")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("does not do prune units")), errors.toString());
        assertEquals(List.of(curve.unit()), workDone(plan.experimentId(), 1, WAIT).stream().map(WorkDone::unit).toList());
    }

    /**
     * The event with the model's location left out of its provenance: the two stores keep the same checkpoint
     * under different directories; everything else, the model's digests included, must be the same.
     */
    private static MaskedModelEvaluated inAnyStore(MaskedModelEvaluated e) {
        Provenance p = e.provenance();
        Provenance.Model m = p.model();
        Provenance anywhere = new Provenance(new Provenance.Model("(store)", m.sha256(), m.files(), m.maven()),
                p.data(), p.options(), p.code(), p.platform());
        return new MaskedModelEvaluated(e.experimentId(), e.baseVariant(), e.ranking(), e.fraction(),
                e.evaluatedTask(), e.primaryMetric(), e.metrics(), e.loss(), e.examples(), e.headsRemoved(), anywhere);
    }
}
