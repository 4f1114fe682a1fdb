package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.cache.WorkerCache;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's cache changes no number: every score, prune and evaluate unit of the tiny experiment, run in hand-out
 * order by a scoring and a pruning job that share a {@link WorkerCache}, stores exactly the bytes (shards, merged
 * maps, pruned checkpoints, evaluation events with their provenance) that the same units store without a cache;
 * with the default limits and with limits of one model and one data set (every other unit evicts and closes).
 */
class CachedUnitsTest {
    private static final String EXPERIMENT = "exp-cache";

    @TempDir
    Path dir;

    @Test
    void cachedUnitsStoreTheSameBytesAsUncachedOnes() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        ExperimentPlan plan = new ExperimentPlan(EXPERIMENT, tiny.request());
        // one store root for all runs (events carry absolute model locations); each run's files are moved aside
        Path root = dir.resolve("artifacts");

        WorkerCache none = WorkerCache.disabled();
        Map<String, byte[]> uncached = runAll(tiny, plan, root, none, dir.resolve("uncached"));
        assertEquals(0, none.counts().modelHits() + none.counts().taskHits() + none.counts().batchHits(),
                "a disabled cache keeps nothing: " + none.counts());

        try (WorkerCache cache = new WorkerCache()) {
            Map<String, byte[]> cached = runAll(tiny, plan, root, cache, dir.resolve("cached"));
            assertSameFiles(uncached, cached, "default limits");
            WorkerCache.Counts counts = cache.counts();
            // 2 maps × 3 shards share their model and batches; curves share models, tasks and dev batches
            assertTrue(counts.modelHits() > 0 && counts.taskHits() > 0 && counts.batchHits() > 0,
                    "the units shared nothing: " + counts);
        }
        try (WorkerCache tight = new WorkerCache(new WorkerCache.Limits(1, 1))) {
            Map<String, byte[]> cached = runAll(tiny, plan, root, tight, dir.resolve("tight"));
            assertSameFiles(uncached, cached, "one model, one data set");
            assertTrue(tight.counts().modelsClosed() > 0, "one model kept, yet none evicted: " + tight.counts());
        }
    }

    /** Every unit but the fine-tunes (the fine-tuned model is written as finetune-service would), in hand-out order. */
    private static Map<String, byte[]> runAll(TinyExperiment tiny, ExperimentPlan plan, Path root, WorkerCache cache,
                                              Path aside) throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        TaskLoading tasks = TaskLoading.fromEnvironment();
        tiny.writeFineTuned(store, plan.experimentId());
        ScoringJob scoring = new ScoringJob(store, tasks, cache, "scorer");
        PruningJob pruning = new PruningJob(store, tasks, cache, "pruner");
        List<WorkUnit> units = WorkPlan.of(plan).units().stream()
                .filter(u -> u.kind() != WorkUnit.Kind.FINETUNE).toList();
        assertTrue(units.stream().anyMatch(u -> u.kind() == WorkUnit.Kind.SCORE && u.shards() > 1),
                "the plan must shard its maps for the shards to share anything: " + units);
        for (WorkUnit unit : units) {
            switch (unit.kind()) {
                case SCORE -> scoring.runShard(plan, unit, null);
                case PRUNE -> pruning.prune(plan, unit, null);
                case EVALUATE -> pruning.evaluate(plan, unit, null, null);
                default -> throw new IllegalStateException(unit.id());
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        Files.move(root, aside);
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual, String run) {
        assertEquals(expected.keySet(), actual.keySet(), run + ": other files stored");
        assertTrue(expected.keySet().stream().anyMatch(f -> f.contains("evaluations/")), "no evaluation stored");
        for (String file : expected.keySet()) {
            assertArrayEquals(expected.get(file), actual.get(file), run + ": " + file + " differs");
        }
    }
}
