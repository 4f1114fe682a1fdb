package dev.headcount.pipeline.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's bookkeeping on real tiny checkpoints: a model is lent to one unit at a time, kept up to the limit and
 * closed (its native memory freed) when evicted or when the cache closes, never while a unit holds it.
 */
class WorkerCacheTest {
    @TempDir
    Path dir;

    private Path first;
    private Path second;

    @BeforeEach
    void models() throws IOException {
        first = dir.resolve("first");
        second = dir.resolve("second");
        TinyCheckpoints.write(first, TinySpec.bert(TinyHead.MASKED_LM));
        TinyCheckpoints.write(second, TinySpec.bert(TinyHead.MASKED_LM).withSeed(99));
    }

    private static WorkerCache.ModelKey key(Path model) {
        return new WorkerCache.ModelKey(model, "sha-of-" + model.getFileName());
    }

    private WorkerCache.Lease lease(WorkerCache cache, Path model) throws IOException {
        return cache.model(key(model), manager -> ModelDirectory.load(model, manager));
    }

    @Test
    void aGivenBackModelIsLentAgainAndTheLeastRecentlyUsedIsClosedBeyondTheLimit() throws Exception {
        try (WorkerCache cache = new WorkerCache(new WorkerCache.Limits(1, 4))) {
            EncoderModel kept;
            try (WorkerCache.Lease lease = lease(cache, first)) {
                kept = lease.model();
                assertFalse(lease.reused());
            }
            try (WorkerCache.Lease again = lease(cache, first)) {
                assertSame(kept, again.model(), "the kept model is lent again");
                assertTrue(again.reused());
            }
            assertTrue(kept.parameters().manager().isOpen());
            try (WorkerCache.Lease other = lease(cache, second)) {
                assertFalse(kept.parameters().manager().isOpen(), "over the limit of one: the first model is closed");
                assertTrue(other.model().parameters().manager().isOpen());
            }
            assertEquals(new WorkerCache.Counts(1, 2, 0, 0, 0, 0, 1), cache.counts());
        }
    }

    @Test
    void aModelLentToOneUnitIsNotSharedAndIsClosedOnlyWhenGivenBack() throws Exception {
        WorkerCache cache = new WorkerCache(new WorkerCache.Limits(2, 4));
        WorkerCache.Lease held = lease(cache, first);
        try (WorkerCache.Lease concurrent = lease(cache, first)) {
            assertNotSame(held.model(), concurrent.model(), "a second unit gets a copy of its own");
            EncoderModel copy = concurrent.model();
            concurrent.close();
            assertFalse(copy.parameters().manager().isOpen(), "a copy is closed when its unit is done");
        }
        cache.close();
        assertTrue(held.model().parameters().manager().isOpen(), "closing the cache must not pull a model from a unit");
        held.close();
        assertFalse(held.model().parameters().manager().isOpen(), "given back after the cache closed: closed");
        held.close(); // twice is harmless
        assertEquals(2, cache.counts().modelsClosed(), "the copy and the held model closed: " + cache.counts());
    }

    @Test
    void disabledKeepsNothingAndClosesEveryModelWhenItsUnitIsDone() throws Exception {
        WorkerCache cache = WorkerCache.disabled();
        EncoderModel model;
        try (WorkerCache.Lease lease = lease(cache, first)) {
            model = lease.model();
        }
        assertFalse(model.parameters().manager().isOpen());
        try (WorkerCache.Lease lease = lease(cache, first)) {
            assertNotSame(model, lease.model());
        }
        int[] loads = {0};
        WorkerCache.TaskKey key = new WorkerCache.TaskKey("t", new LoadOptions(1, 1, 1));
        cache.task(key, () -> task(loads));
        cache.task(key, () -> task(loads));
        assertEquals(2, loads[0]);
    }

    @Test
    void dataSetsAreKeptUpToTheLimitLeastRecentlyUsedFirst() throws Exception {
        WorkerCache cache = new WorkerCache(new WorkerCache.Limits(0, 2));
        int[] loads = {0};
        WorkerCache.TaskKey a = new WorkerCache.TaskKey("a", new LoadOptions(10, 5, 42));
        WorkerCache.TaskKey b = new WorkerCache.TaskKey("b", new LoadOptions(10, 5, 42));
        WorkerCache.TaskKey otherSeed = new WorkerCache.TaskKey("a", new LoadOptions(10, 5, 43));
        Task kept = cache.task(a, () -> task(loads));
        cache.task(b, () -> task(loads));
        assertSame(kept, cache.task(a, () -> task(loads)), "a is kept");
        cache.task(otherSeed, () -> task(loads)); // another sample of a: evicts b, the least recently used
        assertEquals(3, loads[0]);
        assertSame(kept, cache.task(a, () -> task(loads)));
        cache.task(b, () -> task(loads));
        assertEquals(4, loads[0], "b was evicted");
    }

    @Test
    void aFailedLoadKeepsNothingAndNegativeLimitsAreRefused() throws Exception {
        WorkerCache cache = new WorkerCache(WorkerCache.Limits.DEFAULT);
        Path missing = dir.resolve("missing");
        IOException e = assertThrows(IOException.class, () -> lease(cache, missing));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        try (WorkerCache.Lease lease = lease(cache, first)) {
            assertFalse(lease.reused());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new WorkerCache.Limits(-1, 2));
        assertTrue(bad.getMessage().contains("models -1"), bad.getMessage());
    }

    private static Task task(int[] loads) {
        loads[0]++;
        return Task.of(new TaskSpec("t", TaskKind.MLM_TEXT, List.of(), List.of(Metric.PERPLEXITY), 16, "", ""), List.of(),
                List.of());
    }
}
