package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ImportanceOptions;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.TaskSpec;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded scoring against the unsharded map: for 1, 2, 3 and 5 shards, each computed by one of two jobs over
 * separate store views of one directory (two replicas) in a scrambled order, the merged map equals the map
 * {@link ScoringJob#run} scores in one go (raw sums within 1e-6 relative, the same ranking of heads, the same
 * normalised order), and a shard handled twice is read back without writing the map again.
 */
class ShardedScoringTest {
    private static final int[] SHARD_COUNTS = {1, 2, 3, 5};
    private static final double TOLERANCE = 1e-6;

    @TempDir
    Path dir;

    /** The real MiniLM on the contrastive SOTU pairs: per batch, 24 pairs in batches of 4 = 6 units. */
    @Test
    void perBatchMiniLmShardsMergeIntoTheUnshardedMap() throws Exception {
        ExperimentRequest request = new ExperimentRequest("builtin:all-MiniLM-L6-v2",
                TaskSpec.parse("builtin/sotu-pairs"), List.of(TaskSpec.parse("builtin/lt-acceptability")),
                new SampleSizes(24, 16, 16),
                new ImportanceOptions(null, null, null, null, 4, 1), null, null, null,
                new FineTuneOptions(null, null, 8, 32, null, null), 42L);
        List<Double> figures = shardsEqualUnsharded(request, "builtin/sotu-pairs", 6);
        System.out.println("per-batch MiniLM, max relative difference of raw sums for " + List.of(1, 2, 3, 5)
                + " shards: " + figures);
    }

    /** Per example (masked LM on the tiny BERT), 12 examples in batches of 4 = 3 batches: 5 shards leave 2 empty. */
    @Test
    void perExampleShardsMergeIntoTheUnshardedMapEvenWithEmptyShards() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        ExperimentRequest t = tiny.request();
        ExperimentRequest request = new ExperimentRequest(t.model(), t.pretrainingTask(), t.downstreamTasks(),
                t.samples(), new ImportanceOptions(null, null, null, null, 4, 1), t.pruningFractions(), t.rankings(),
                t.finetuneFractions(), t.fineTuning(), t.seed());
        List<Double> figures = shardsEqualUnsharded(request, TinyExperiment.PRETRAINING, 12);
        System.out.println("per-example tiny BERT, max relative difference of raw sums for " + List.of(1, 2, 3, 5)
                + " shards: " + figures);
    }

    /**
     * A shard handled twice before the map is complete is read back and completes nothing; shards that do not tile
     * the batch list (here a shard 1 that claims shard 0's batches) refuse to merge, naming the file.
     */
    @Test
    void aRepeatedShardIsReadBackAndShardsThatDoNotTileTheBatchesRefuseToMerge() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        ExperimentRequest t = tiny.request();
        ExperimentRequest request = new ExperimentRequest(t.model(), t.pretrainingTask(), t.downstreamTasks(),
                t.samples(), new ImportanceOptions(null, null, null, null, 4, 3), t.pruningFractions(), t.rankings(),
                t.finetuneFractions(), t.fineTuning(), t.seed());
        ExperimentPlan plan = new ExperimentPlan("exp-tiles", request);
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ScoringJob job = new ScoringJob(store, TaskLoading.fromEnvironment(), "scorer-service");
        ModelVariant variant = ModelVariant.pretrained();
        String task = TinyExperiment.PRETRAINING;

        ScoringJob.ShardResult first = job.runShard(plan, WorkUnit.score(variant, task, 0, 3), null);
        ScoringJob.ShardResult again = job.runShard(plan, WorkUnit.score(variant, task, 0, 3), null);
        assertFalse(first.reused());
        assertTrue(again.reused());
        assertTrue(again.map().isEmpty() && again.events().isEmpty(), "shards 1 and 2 are missing");
        assertEquals(EventJson.mapper().writeValueAsString(first.shard()),
                EventJson.mapper().writeValueAsString(again.shard()), "the stored shard, read back");
        assertEquals(0, first.shard().batchFrom());
        assertEquals(1, first.shard().batchTo());
        assertEquals(3, first.shard().batches(), "12 examples in batches of 4");

        ImportanceShardFile s = first.shard();
        new ImportanceShardFile(s.experimentId(), variant, task, 1, 3, s.batchFrom(), s.batchTo(), s.batches(),
                s.granularity(), s.units(), s.rawSums(), s.entropySums(), s.entropyTokens(), s.examples(),
                s.unitRows(), s.provenance()).write(store);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> job.runShard(plan, WorkUnit.score(variant, task, 2, 3), null));
        assertEquals(ImportanceShardFile.uri(store, plan.experimentId(), variant, task, 1, 3)
                + " covers batches 0..1 of 3, expected to start at 1 of 3", e.getMessage());
        assertTrue(ImportanceMapFile.read(store, plan.experimentId(), variant, task).isEmpty(), "no map written");
    }

    /** @return the largest relative difference of a raw sum, per shard count */
    private List<Double> shardsEqualUnsharded(ExperimentRequest request, String task, int expectedUnits)
            throws Exception {
        TaskLoading tasks = TaskLoading.fromEnvironment();
        ModelVariant variant = ModelVariant.pretrained();
        long started = System.nanoTime();
        ImportanceMapFile unsharded = new ScoringJob(new DirectoryArtifactStore(dir.resolve("unsharded")), tasks,
                "scorer-service").run(new ExperimentPlan("exp-whole", request), variant, task, null).map();
        double wholeSeconds = (System.nanoTime() - started) / 1e9;
        assertEquals(expectedUnits, unsharded.units());

        List<Double> figures = new ArrayList<>();
        for (int n : SHARD_COUNTS) {
            ExperimentPlan plan = new ExperimentPlan("exp-shards-" + n, request);
            // two replicas: separate jobs over separate views of one store directory
            Path shared = dir.resolve("shared");
            List<ScoringJob> replicas = List.of(
                    new ScoringJob(new DirectoryArtifactStore(shared), tasks, "scorer-a"),
                    new ScoringJob(new DirectoryArtifactStore(shared), tasks, "scorer-b"));
            // scrambled: odd shards first (descending), then even ones (ascending); replicas alternate
            List<Integer> order = new ArrayList<>(IntStream.range(0, n).filter(i -> i % 2 == 1).boxed()
                    .sorted(Comparator.reverseOrder()).toList());
            order.addAll(IntStream.range(0, n).filter(i -> i % 2 == 0).boxed().toList());
            List<ScoringJob.ShardResult> results = new ArrayList<>();
            List<Progress> progress = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                long shardStarted = System.nanoTime();
                ScoringJob.ShardResult result = replicas.get(k % 2).runShard(plan,
                        WorkUnit.score(variant, task, order.get(k), n), progress::add);
                System.out.printf("%s: shard %d of %d in %.2f s (unsharded %.2f s)%n", task, order.get(k), n,
                        (System.nanoTime() - shardStarted) / 1e9, wholeSeconds);
                results.add(result);
                assertFalse(result.reused());
                assertEquals(k == n - 1, result.map().isPresent(), "only the last shard stored completes the map");
                assertTrue(Files.isRegularFile(shared.resolve(plan.experimentId()).resolve(variant.path())
                        .resolve(ImportanceShardFile.name(task, order.get(k), n))), "shard stored under its name");
            }
            ScoringJob.Result merged = results.get(n - 1).map().orElseThrow();
            assertFalse(merged.reused());
            assertEquals(List.of(merged.completed()), results.get(n - 1).events());
            ImportanceMapFile map = merged.map();
            ImportanceMapFile stored = ImportanceMapFile.read(new DirectoryArtifactStore(shared), plan.experimentId(),
                    variant, task).orElseThrow();
            assertEquals(map.units(), stored.units());
            for (int l = 0; l < map.layers(); l++) {
                assertArrayEquals(map.rawSums()[l], stored.rawSums()[l], 0.0, "the stored map is the merged one");
            }
            figures.add(assertSameMap(unsharded, map, n));
            assertEquals(unsharded.provenance().data(), map.provenance().data(), "the whole data set, not a shard's");
            assertEquals(unsharded.provenance().model().sha256(), map.provenance().model().sha256());
            assertEquals(unsharded.provenance().options(), map.provenance().options());
            // progress per shard: its own subject, ending at the shard's examples
            for (int s = 0; s < n; s++) {
                String subject = WorkUnit.score(variant, task, s, n).id();
                List<Progress> own = progress.stream().filter(p -> p.subject().equals(subject)).toList();
                assertEquals(0, own.get(0).done(), subject);
                assertEquals(own.get(own.size() - 1).total(), own.get(own.size() - 1).done(), subject);
            }
            assertEquals(unsharded.examples(), progress.stream().filter(p -> p.done() == p.total())
                    .mapToLong(Progress::done).sum(), "every example scored once");

            // redelivery: shard 0 again, on the other replica: read back, the map returned again, not rewritten
            Path mapFile = shared.resolve(plan.experimentId()).resolve(variant.path())
                    .resolve(dev.headcount.events.ArtifactLayout.importanceMapName(task));
            var written = Files.getLastModifiedTime(mapFile);
            long inode = (long) Files.getAttribute(mapFile, "unix:ino");
            ScoringJob.ShardResult again = replicas.get(1).runShard(plan, WorkUnit.score(variant, task, 0, n), null);
            assertTrue(again.reused());
            assertTrue(again.map().orElseThrow().reused());
            assertEquals(EventJson.toJson(merged.completed()), EventJson.toJson(again.map().orElseThrow().completed()),
                    "the same completion (same id, same values)");
            assertEquals(written, Files.getLastModifiedTime(mapFile));
            assertEquals(inode, (long) Files.getAttribute(mapFile, "unix:ino"), "the map was written once");
        }
        return figures;
    }

    /**
     * Raw sums within {@link #TOLERANCE} (relative), the same units, examples and unit rows, the same ranking of
     * heads by raw importance and the same order of normalised importance; returns the largest relative difference.
     */
    private static double assertSameMap(ImportanceMapFile expected, ImportanceMapFile actual, int shards) {
        String where = shards + " shards";
        assertEquals(expected.units(), actual.units(), where);
        assertEquals(expected.examples(), actual.examples(), where);
        assertEquals(expected.entropyTokens(), actual.entropyTokens(), where);
        assertEquals(expected.granularity(), actual.granularity(), where);
        double max = 0;
        for (int l = 0; l < expected.layers(); l++) {
            for (int h = 0; h < expected.heads(); h++) {
                max = Math.max(max, relative(expected.rawSums()[l][h], actual.rawSums()[l][h]));
                assertTrue(relative(expected.entropySums()[l][h], actual.entropySums()[l][h]) <= TOLERANCE, where);
                assertTrue(relative(expected.normalizedImportance()[l][h], actual.normalizedImportance()[l][h])
                        <= TOLERANCE, where);
            }
        }
        assertTrue(max <= TOLERANCE, where + ": raw sums differ by " + max + " (relative)");
        assertEquals(order(expected.rawSums()), order(actual.rawSums()), where + ": ranking of heads");
        assertEquals(order(expected.normalizedImportance()), order(actual.normalizedImportance()),
                where + ": normalised order");
        assertEquals(expected.unitRows().length, actual.unitRows().length, where);
        for (int u = 0; u < expected.unitRows().length; u++) {
            assertArrayEquals(expected.unitRows()[u], actual.unitRows()[u], where + ": unit row " + u);
        }
        return max;
    }

    private static double relative(double expected, double actual) {
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        return scale == 0 ? 0 : Math.abs(expected - actual) / scale;
    }

    /** Heads (layer × heads + head) from most to least important; ties by position. */
    private static List<Integer> order(double[][] values) {
        int heads = values[0].length;
        return IntStream.range(0, values.length * heads).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i / heads][i % heads])
                        .thenComparingInt(i -> i))
                .toList();
    }
}
