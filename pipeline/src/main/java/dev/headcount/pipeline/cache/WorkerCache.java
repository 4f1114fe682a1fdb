package dev.headcount.pipeline.cache;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.objective.TaskBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's inputs kept from one unit to the next, least recently used evicted first: the opened models (weights on
 * the native engine, at most {@link Limits#models()}), the loaded tasks and the tokenised batch lists (Java heap, at
 * most {@link Limits#dataSets()} of each). A unit runs in a few seconds on this machine while loading the model,
 * reading and sampling the task and tokenising its split took a large part of that; consecutive units of one worker
 * mostly share them (the shards of one map, the curves of one model or one task).
 *
 * <p>What is kept is exactly what a fresh load would give, so a cached and an uncached run compute the same numbers
 * bit for bit ({@code WorkerCacheTest}):
 * <ul>
 *   <li>a model is keyed by its directory and its fingerprint (SHA-256 of its files), so a checkpoint written again
 *       under the same name is a new entry. Every unit that leases it only reads its weights: scoring creates fresh
 *       gates per batch and differentiates them, not the weights; evaluation masks through gates; pruning copies
 *       the weights to the host. Fine-tuning changes weights and does not use this cache;</li>
 *   <li>a task is keyed by the request's task spec (name and location) and its {@link LoadOptions} (caps, seed);
 *       {@link Task} is immutable;</li>
 *   <li>a batch list is keyed by the task key, the split, the tokenizer's own fingerprint (a fine-tuned or pruned
 *       model keeps the pre-trained tokenizer, so its curves reuse the pre-trained model's batches), the maximum
 *       length, the batch size and the seed (MLM masking); the consumers only read the batches' arrays.</li>
 * </ul>
 *
 * <p>A model is lent to one unit at a time ({@link #model}): a unit that asks for a model another unit holds gets a
 * copy of its own, closed when it is done, so no two units ever share native state. An evicted model is closed once
 * its unit gave it back. {@link #disabled()} keeps nothing (every lease loads and closes), which is what a worker did
 * before this cache existed.
 */
public final class WorkerCache implements AutoCloseable {

    /**
     * How much is kept. Two models: a worker alternates between at most two models in a row (the pre-trained model
     * and the one fine-tuned model whose curves or shards are being handed out); MiniLM is 90 MB of weights,
     * BERT-base 440 MB.
     */
    public record Limits(int models, int dataSets) {
        public static final Limits DEFAULT = new Limits(2, 16);

        public Limits {
            if (models < 0 || dataSets < 0) {
                throw new IllegalArgumentException("cache limits must be 0 or more (models " + models + ", data sets "
                        + dataSets + ")");
            }
        }
    }

    /** A model's identity: where it is and what its files hash to. */
    public record ModelKey(Path directory, String sha256) {
    }

    /** A loaded task's identity: the request's task spec (as text, with its location) and how it was sampled. */
    public record TaskKey(String task, LoadOptions options) {
    }

    /** A batch list's identity: everything {@code TaskBatches.forTask} reads. */
    public record BatchKey(TaskKey task, String split, String tokenizerSha256, int maxLength, int batchSize,
                           long seed) {
    }

    /** Loads what is missing. */
    @FunctionalInterface
    public interface Loader<T> {
        T load() throws IOException;
    }

    /** Opens a model into the manager it is given (which the cache owns). */
    @FunctionalInterface
    public interface ModelOpening {
        EncoderModel open(NDManager manager) throws IOException;
    }

    /** Hit and miss counts, for logs and tests. */
    public record Counts(int modelHits, int modelLoads, int taskHits, int taskLoads, int batchHits, int batchLoads,
                         int modelsClosed) {
    }

    /** A model lent to one unit; closing it gives it back (or closes a copy the cache does not keep). */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private final boolean kept;
        private boolean returned;

        private Lease(Entry entry, boolean kept) {
            this.entry = entry;
            this.kept = kept;
        }

        public EncoderModel model() {
            return entry.model;
        }

        /** The manager the weights live in (for the provenance's platform). */
        public NDManager manager() {
            return entry.manager;
        }

        /** Whether the model was already open (loaded by an earlier unit). */
        public boolean reused() {
            return entry.uses > 1;
        }

        @Override
        public void close() {
            if (returned) {
                return;
            }
            returned = true;
            if (kept) {
                giveBack(entry);
            } else {
                entry.close();
                closed();
            }
        }
    }

    private static final class Entry {
        final NDManager manager;
        final EncoderModel model;
        boolean lent;
        boolean evicted;
        int uses;

        Entry(NDManager manager, EncoderModel model) {
            this.manager = manager;
            this.model = model;
        }

        void close() {
            try {
                model.close();
            } finally {
                manager.close();
            }
        }
    }

    private final Limits limits;
    private final LinkedHashMap<ModelKey, Entry> models = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<TaskKey, Task> tasks;
    private final LinkedHashMap<BatchKey, List<? extends TaskBatch>> batches;
    private int modelHits;
    private int modelLoads;
    private int taskHits;
    private int taskLoads;
    private int batchHits;
    private int batchLoads;
    private int modelsClosed;

    public WorkerCache(Limits limits) {
        this.limits = limits;
        this.tasks = bounded(limits.dataSets());
        this.batches = bounded(limits.dataSets());
    }

    /** A cache with the {@link Limits#DEFAULT} limits. */
    public WorkerCache() {
        this(Limits.DEFAULT);
    }

    /** Keeps nothing: every unit loads its model and data itself. */
    public static WorkerCache disabled() {
        return new WorkerCache(new Limits(0, 0));
    }

    public Limits limits() {
        return limits;
    }

    /**
     * The model with this key, open and lent to the caller until it closes the lease; {@code opening} runs when
     * it is not kept or is lent to another unit.
     */
    public Lease model(ModelKey key, ModelOpening opening) throws IOException {
        synchronized (this) {
            Entry kept = models.get(key);
            if (kept != null && !kept.lent) {
                kept.lent = true;
                kept.uses++;
                modelHits++;
                return new Lease(kept, true);
            }
        }
        Entry loaded = open(opening);
        synchronized (this) {
            modelLoads++;
            loaded.uses = 1;
            if (limits.models() == 0 || models.containsKey(key)) {
                // nothing kept, or another unit holds the kept copy: this one is the caller's alone
                return new Lease(loaded, false);
            }
            loaded.lent = true;
            models.put(key, loaded);
            trim();
            return new Lease(loaded, true);
        }
    }

    /** The task with this key, loaded by {@code loader} when it is not kept. */
    public Task task(TaskKey key, Loader<Task> loader) throws IOException {
        synchronized (this) {
            Task kept = tasks.get(key);
            if (kept != null) {
                taskHits++;
                return kept;
            }
        }
        Task loaded = loader.load();
        synchronized (this) {
            taskLoads++;
            if (limits.dataSets() > 0) {
                tasks.put(key, loaded);
            }
        }
        return loaded;
    }

    /** The batch list with this key, built by {@code loader} when it is not kept; the caller must not change it. */
    public List<? extends TaskBatch> batches(BatchKey key, Loader<List<? extends TaskBatch>> loader)
            throws IOException {
        synchronized (this) {
            List<? extends TaskBatch> kept = batches.get(key);
            if (kept != null) {
                batchHits++;
                return kept;
            }
        }
        List<? extends TaskBatch> built = List.copyOf(loader.load());
        synchronized (this) {
            batchLoads++;
            if (limits.dataSets() > 0) {
                batches.put(key, built);
            }
        }
        return built;
    }

    public synchronized Counts counts() {
        return new Counts(modelHits, modelLoads, taskHits, taskLoads, batchHits, batchLoads, modelsClosed);
    }

    /** Closes every model no unit holds; a model still lent is closed when it is given back. */
    @Override
    public synchronized void close() {
        for (Entry entry : models.values()) {
            entry.evicted = true;
            if (!entry.lent) {
                entry.close();
                modelsClosed++;
            }
        }
        models.clear();
        tasks.clear();
        batches.clear();
    }

    private static Entry open(ModelOpening opening) throws IOException {
        NDManager manager = Devices.newBaseManager();
        try {
            return new Entry(manager, opening.open(manager));
        } catch (IOException | RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    private synchronized void giveBack(Entry entry) {
        entry.lent = false;
        if (entry.evicted) {
            entry.close();
            modelsClosed++;
            return;
        }
        trim();
    }

    private synchronized void closed() {
        modelsClosed++;
    }

    /** Evicts the least recently used models no unit holds until at most {@link Limits#models()} are kept. */
    private void trim() {
        List<Entry> closing = new ArrayList<>();
        Iterator<Map.Entry<ModelKey, Entry>> eldest = models.entrySet().iterator();
        int excess = models.size() - limits.models();
        while (excess > 0 && eldest.hasNext()) {
            Entry entry = eldest.next().getValue();
            if (!entry.lent) {
                eldest.remove();
                entry.evicted = true;
                closing.add(entry);
                excess--;
            }
        }
        for (Entry entry : closing) {
            entry.close();
            modelsClosed++;
        }
    }

    private static <K, V> LinkedHashMap<K, V> bounded(int limit) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > limit;
            }
        };
    }
}
