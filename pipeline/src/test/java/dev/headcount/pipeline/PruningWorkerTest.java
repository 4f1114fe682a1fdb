package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.messaging.Publisher;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.StoredRequests;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pruner's decisions driven by map events, without a broker. */
class PruningWorkerTest {

    @TempDir
    Path dir;

    @Test
    void preTrainingMapPrunesTheLastMapEvaluatesAndDuplicatesDoNothing() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ExperimentRequested requested = new ExperimentRequested("exp-worker", tiny.request(), Instant.now());
        StoredRequests.store(store, requested);
        ExperimentPlan plan = ExperimentPlan.of(requested);
        tiny.writeFineTuned(store, plan.experimentId());
        List<HeadcountEvent> published = new ArrayList<>();
        Publisher publisher = new Publisher((topic, key, payload) -> {
            published.add(EventJson.fromJson(payload));
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1));
        PruningWorker worker = new PruningWorker(store, TaskLoading.fromEnvironment(), publisher, "pruner-service");
        ScoringJob scoring = new ScoringJob(store, TaskLoading.fromEnvironment(), "scorer-service");

        ImportanceMapCompleted pretraining = scoring.run(plan, plan.importanceMaps().get(0).variant(),
                plan.importanceMaps().get(0).task(), null).completed();
        worker.handle(pretraining);
        assertEquals(1, published.stream().filter(e -> e instanceof PrunedModelReady).count());
        assertEquals(0, published.stream().filter(e -> e instanceof MaskedModelEvaluated).count());

        ImportanceMapCompleted downstream = scoring.run(plan, plan.importanceMaps().get(1).variant(),
                plan.importanceMaps().get(1).task(), null).completed();
        worker.handle(downstream);
        assertEquals(plan.evaluations().size(), published.stream().filter(e -> e instanceof MaskedModelEvaluated).count());

        int before = published.size();
        worker.handle(downstream);
        assertEquals(before, published.size(), "a duplicate map event after the evaluations were published: no work");
        worker.handle(pretraining);
        assertTrue(published.subList(before, published.size()).stream()
                        .allMatch(e -> e instanceof PrunedModelReady || e instanceof dev.headcount.events.Progress),
                "the pre-training map again: its pruned models again (reused, same ids), no evaluations");
    }
}
