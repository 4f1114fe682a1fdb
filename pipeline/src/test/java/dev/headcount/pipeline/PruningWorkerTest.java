package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.Progress;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.RecordSettings;
import dev.headcount.messaging.WorkRunner;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pruner's records as the service handles them ({@link WorkRunner} over {@link PruningWorker}), without a broker:
 * every unit the planner puts on the pruning topic, what each publishes, and the same records again.
 */
class PruningWorkerTest {

    @TempDir
    Path dir;
    DirectoryArtifactStore store;
    ExperimentPlan plan;
    List<Object> published;
    WorkRunner runner;
    PruningWorker worker;

    @BeforeEach
    void setUp() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ExperimentRequested requested = new ExperimentRequested("exp-worker", tiny.request(), Instant.now());
        StoredRequests.store(store, requested);
        plan = ExperimentPlan.of(requested);
        tiny.writeFineTuned(store, plan.experimentId());
        published = new ArrayList<>();
        Publisher publisher = new Publisher((topic, key, payload) -> {
            published.add(topic.equals(Topics.DEAD_LETTER) ? EventJson.deadLetterFromJson(payload)
                    : EventJson.fromJson(payload));
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1));
        worker = new PruningWorker(store, TaskLoading.fromEnvironment(), publisher, "pruner-service");
        runner = new WorkRunner(new RecordProcessor(new RecordSettings("pruner-service", 2, Duration.ZERO), publisher,
                letter -> { }), publisher, EnumSet.of(WorkUnit.Kind.PRUNE, WorkUnit.Kind.EVALUATE));
    }

    private void process(WorkRequested request) {
        runner.process(new Failures.Origin(request.topic(), 0, 0, request.key(), EventJson.toJson(request)),
                worker::handle);
    }

    private List<WorkRequested> pruningRecords() {
        WorkPlan work = WorkPlan.of(plan);
        // the PruningWorker's units: evaluations (the pruner's topic) and pruned models (which the scorer-service
        // runs through this same worker, from its own topic)
        return work.units().stream().filter(u -> u.kind() == WorkUnit.Kind.PRUNE || u.kind() == WorkUnit.Kind.EVALUATE)
                .map(work::request).toList();
    }

    @Test
    void everyPruningUnitOnceWithItsResultsBeforeItsWorkDoneThenAgainFromTheStore() throws Exception {
        ScoringJob scoring = new ScoringJob(store, TaskLoading.fromEnvironment(), "scorer-service");
        for (var map : plan.importanceMaps()) {
            scoring.run(plan, map.variant(), map.task(), null);
        }
        List<WorkRequested> records = pruningRecords();
        assertEquals(7, records.size(), "one pruned model, six curves");

        records.forEach(this::process);

        assertFalse(published.stream().anyMatch(e -> e instanceof DeadLetter), published.toString());
        List<WorkDone> done = ofType(WorkDone.class);
        assertEquals(records.stream().map(r -> r.unit().id()).toList(), done.stream().map(d -> d.unit().id()).toList());
        assertTrue(done.stream().noneMatch(WorkDone::reused));
        assertTrue(done.get(0).worker().startsWith("pruner-service@"), done.get(0).worker());
        assertEquals(1, ofType(PrunedModelReady.class).size());
        List<MaskedModelEvaluated> evaluated = ofType(MaskedModelEvaluated.class);
        assertEquals(plan.evaluations().size(), evaluated.size());
        assertEquals(plan.evaluations().size(), evaluated.stream().map(MaskedModelEvaluated::eventId)
                .collect(Collectors.toSet()).size(), "every planned point once");
        // each unit's results (and progress) come before its WorkDone, and after the previous unit's
        int from = 0;
        for (WorkRequested record : records) {
            int to = published.indexOf(done.get(records.indexOf(record)));
            List<Object> results = published.subList(from, to).stream()
                    .filter(e -> e instanceof PrunedModelReady || e instanceof MaskedModelEvaluated).toList();
            WorkUnit unit = record.unit();
            if (unit.kind() == WorkUnit.Kind.PRUNE) {
                assertEquals(List.of(unit.variant()), results.stream().map(r -> ((PrunedModelReady) r).variant()).toList());
            } else {
                assertEquals(unit.fractions(), results.stream().map(r -> ((MaskedModelEvaluated) r).fraction()).toList());
                assertTrue(results.stream().map(r -> (MaskedModelEvaluated) r).allMatch(e -> e.baseVariant()
                        .equals(unit.variant()) && e.ranking().equals(unit.ranking())
                        && e.evaluatedTask().equals(unit.task())), unit.toString());
            }
            assertTrue(published.subList(from, to).stream().anyMatch(e -> e instanceof Progress), unit.toString());
            from = to + 1;
        }

        // redelivered: read back, the same events (same ids, same values), reused
        Set<String> first = published.stream().filter(e -> e instanceof PrunedModelReady || e instanceof MaskedModelEvaluated)
                .map(e -> EventJson.toJson((dev.headcount.events.HeadcountEvent) e)).collect(Collectors.toSet());
        published.clear();
        records.forEach(this::process);
        assertEquals(first, published.stream().filter(e -> e instanceof PrunedModelReady || e instanceof MaskedModelEvaluated)
                .map(e -> EventJson.toJson((dev.headcount.events.HeadcountEvent) e)).collect(Collectors.toSet()));
        assertEquals(first.size(), ofType(PrunedModelReady.class).size() + ofType(MaskedModelEvaluated.class).size());
        assertTrue(ofType(WorkDone.class).stream().allMatch(WorkDone::reused));
    }

    @Test
    void anEvaluationBeforeItsMapIsRetriedThenGivenUpNamingTheMap() {
        WorkRequested byText = pruningRecords().stream().filter(r -> r.unit().kind() == WorkUnit.Kind.EVALUATE
                && !r.unit().ranking().isRandom()).findFirst().orElseThrow();

        process(byText);

        DeadLetter letter = ofType(DeadLetter.class).get(0);
        assertEquals(2, letter.attempts(), "a missing map is retried: the store may catch up");
        assertTrue(letter.error().contains("has no importance map of " + byText.unit().ranking().task()), letter.error());
        assertEquals(1, ofType(ExperimentFailed.class).size());
        assertTrue(ofType(WorkDone.class).isEmpty(), "no WorkDone for a unit not done");
    }

    private <T> List<T> ofType(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
