package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.Granularity;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.EventSink;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.RecordSettings;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results the plan does not have, and results of experiments nobody requested: refused with a message naming the
 * experiment and the unit, published as a dead letter, and nothing written to the artifact store.
 */
class UnplannedResultsTest {
    private static final List<List<Double>> VALUES = List.of(List.of(1.0, 2.0), List.of(3.0, 4.0));
    private static final List<List<Long>> COUNTS = List.of(List.of(1L, 1L), List.of(1L, 1L));

    @TempDir
    Path dir;
    private DirectoryArtifactStore store;
    private ExperimentPlan plan;

    @BeforeEach
    void experiment() throws IOException {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ExperimentRequested requested = new ExperimentRequested("exp-planned", tiny.request(), Instant.now());
        StoredRequests.store(store, requested);
        plan = ExperimentPlan.of(requested);
    }

    @Test
    void aMapThePlanDoesNotHaveIsRefusedByName() throws IOException {
        ImportanceMapCompleted stray = map(plan.experimentId(), ModelVariant.finetuned("glue/nope"), "glue/nope");
        List<String> before = artifacts();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruningTrigger.of(stray, store, new PruningJob(store, TaskLoading.fromEnvironment(), "pruner-service")));
        assertTrue(e.getMessage().startsWith("experiment exp-planned has no importance map of task 'glue/nope' on "
                + "finetuned/glue/nope in its plan (its maps: [" + plan.pretrainingTask() + " on pretrained"), e.getMessage());
        assertEquals(before, artifacts(), "nothing stored for the refused map");

        List<Object> published = processed(stray);
        DeadLetter letter = (DeadLetter) published.get(0);
        assertEquals(e.getMessage(), letter.error());
        assertEquals(1, letter.attempts(), "bad input is not retried");
        assertEquals(e.getMessage(), ((ExperimentFailed) published.get(1)).reason());
    }

    @Test
    void aScoringUnitThePlanDoesNotHaveIsRefusedByName() throws IOException {
        List<String> before = artifacts();
        ScoringWorker scorer = new ScoringWorker(store, TaskLoading.fromEnvironment(), new Publisher(
                (topic, key, payload) -> CompletableFuture.completedFuture(null), Duration.ofSeconds(1)), "scorer-service");
        int shards = plan.request().importance().shards();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scorer.handle(
                new WorkRequested(plan.experimentId(), WorkUnit.score(ModelVariant.pretrained(), plan.pretrainingTask(),
                        0, shards + 1), 0)));
        assertEquals("experiment exp-planned has no scoring unit score/pretrained/" + plan.pretrainingTask() + "/0-of-"
                + (shards + 1) + " in its plan (its maps: [" + plan.pretrainingTask() + " on pretrained, "
                + TinyExperiment.DOWNSTREAM + " on finetuned/" + TinyExperiment.DOWNSTREAM + "], each in " + shards
                + " shards)", e.getMessage());
        assertEquals(before, artifacts(), "nothing stored for the refused unit");
    }

    @Test
    void aResultOfAnUnknownExperimentNamesIt() throws IOException {
        ImportanceMapCompleted unknown = map("exp-nobody", ModelVariant.pretrained(), plan.pretrainingTask());
        IOException e = assertThrows(IOException.class,
                () -> PruningTrigger.of(unknown, store, new PruningJob(store, TaskLoading.fromEnvironment(), "pruner-service")));
        assertTrue(e.getMessage().startsWith("experiment exp-nobody has no stored request ("), e.getMessage());
        String downstream = plan.downstreamTasks().get(0);
        ScoringWorker scorer = new ScoringWorker(store, TaskLoading.fromEnvironment(), new Publisher(
                (topic, key, payload) -> CompletableFuture.completedFuture(null), Duration.ofSeconds(1)), "scorer-service");
        IOException scoring = assertThrows(IOException.class, () -> scorer.handle(new WorkRequested("exp-nobody",
                WorkUnit.score(ModelVariant.finetuned(downstream), downstream, 0, 4), 0)));
        assertTrue(scoring.getMessage().startsWith("experiment exp-nobody has no stored request ("), scoring.getMessage());
        assertTrue(Files.notExists(dir.resolve("artifacts").resolve("exp-nobody")), "nothing written for it");
    }

    private ImportanceMapCompleted map(String experiment, ModelVariant variant, String task) {
        return new ImportanceMapCompleted(experiment, variant, task, Granularity.PER_EXAMPLE, VALUES, COUNTS, VALUES, VALUES,
                "file:/artifacts/map.json");
    }

    /** The record through the pruner's RecordProcessor (one attempt, no broker): what it publishes. */
    private List<Object> processed(ImportanceMapCompleted event) {
        List<Object> published = new ArrayList<>();
        Publisher publisher = new Publisher((topic, key, payload) -> {
            published.add(topic.equals(dev.headcount.events.Topics.DEAD_LETTER)
                    ? EventJson.deadLetterFromJson(payload) : EventJson.fromJson(payload));
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1));
        PruningJob job = new PruningJob(store, TaskLoading.fromEnvironment(), "pruner-service");
        new RecordProcessor(new RecordSettings("pruner-service", 3, Duration.ZERO), publisher, letter -> { }).process(
                new Failures.Origin("headcount.importance", 0, 7, event.key(), EventJson.toJson(event)),
                (e, units) -> PruningTrigger.of(e, store, job));
        return published;
    }

    private List<String> artifacts() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("artifacts"))) {
            return files.map(Path::toString).sorted().toList();
        }
    }
}
