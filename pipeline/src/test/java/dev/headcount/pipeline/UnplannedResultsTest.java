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
import dev.headcount.events.Ranking;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.EventSink;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.RecordSettings;
import dev.headcount.messaging.WorkRunner;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Units and results the plan does not have, and those of experiments nobody requested: refused with a message naming the
 * experiment and the unit, published as a dead letter, and nothing written to the artifact store.
 */
class UnplannedResultsTest {

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
    void aUnitThePlanDoesNotHaveIsRefusedByName() throws IOException {
        WorkRequested stray = new WorkRequested(plan.experimentId(), WorkUnit.evaluate(ModelVariant.finetuned("glue/nope"),
                Ranking.random(0), "glue/nope", List.of(0.5)), 3);
        List<String> before = artifacts();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pruner().handle(stray));
        assertEquals("experiment exp-planned has no evaluation of glue/nope on finetuned/glue/nope pruned by random:0 at"
                + " 0.5 in its plan (unit " + stray.unit().id() + ")", e.getMessage());
        assertEquals(before, artifacts(), "nothing stored for the refused unit");

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
        WorkRequested unknown = new WorkRequested("exp-nobody", WorkUnit.prune(plan.prunedModels().get(0)), 0);
        IOException e = assertThrows(IOException.class, () -> pruner().handle(unknown));
        assertTrue(e.getMessage().startsWith("experiment exp-nobody has no stored request ("), e.getMessage());
        String downstream = plan.downstreamTasks().get(0);
        ScoringWorker scorer = new ScoringWorker(store, TaskLoading.fromEnvironment(), new Publisher(
                (topic, key, payload) -> CompletableFuture.completedFuture(null), Duration.ofSeconds(1)), "scorer-service");
        IOException scoring = assertThrows(IOException.class, () -> scorer.handle(new WorkRequested("exp-nobody",
                WorkUnit.score(ModelVariant.finetuned(downstream), downstream, 0, 4), 0)));
        assertTrue(scoring.getMessage().startsWith("experiment exp-nobody has no stored request ("), scoring.getMessage());
        assertTrue(Files.notExists(dir.resolve("artifacts").resolve("exp-nobody")), "nothing written for it");
    }

    private PruningWorker pruner() {
        return new PruningWorker(store, TaskLoading.fromEnvironment(), new Publisher((topic, key, payload) -> {
            throw new AssertionError("nothing to publish, was " + payload);
        }, Duration.ofSeconds(1)), "pruner-service");
    }

    /** The record through the pruner's WorkRunner (no broker): what it publishes. */
    private List<Object> processed(WorkRequested request) {
        List<Object> published = new ArrayList<>();
        Publisher publisher = new Publisher((topic, key, payload) -> {
            published.add(topic.equals(dev.headcount.events.Topics.DEAD_LETTER)
                    ? EventJson.deadLetterFromJson(payload) : EventJson.fromJson(payload));
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1));
        PruningWorker worker = new PruningWorker(store, TaskLoading.fromEnvironment(), publisher, "pruner-service");
        new WorkRunner(new RecordProcessor(new RecordSettings("pruner-service", 3, Duration.ZERO), publisher,
                letter -> { }), publisher, EnumSet.of(WorkUnit.Kind.PRUNE, WorkUnit.Kind.EVALUATE)).process(
                new Failures.Origin(request.topic(), 0, 7, request.key(), EventJson.toJson(request)), worker::handle);
        return published;
    }

    private List<String> artifacts() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("artifacts"))) {
            return files.map(Path::toString).sorted().toList();
        }
    }
}
