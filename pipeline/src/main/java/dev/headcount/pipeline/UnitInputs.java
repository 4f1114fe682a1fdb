package dev.headcount.pipeline;

import dev.headcount.engine.data.Example;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.events.Provenance;
import dev.headcount.events.TaskSpec;
import dev.headcount.pipeline.cache.WorkerCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the scoring and pruning jobs get a unit's model, task and batches through their {@link WorkerCache}: the keys
 * are built here, in one place, from what identifies each input (the model's fingerprint, the request's task spec
 * and sampling, the tokenizer file's digest and the batching settings).
 */
final class UnitInputs {
    private static final Logger LOG = LoggerFactory.getLogger(UnitInputs.class);
    private static final String TOKENIZER = "tokenizer.json";

    private final WorkerCache cache;
    private final ModelOpener models;
    private final TaskLoading tasks;

    UnitInputs(WorkerCache cache, ModelOpener models, TaskLoading tasks) {
        this.cache = cache;
        this.models = models;
        this.tasks = tasks;
    }

    /** The model at {@code location}, whose fingerprint is {@code provenance}, lent until the lease is closed. */
    WorkerCache.Lease model(String location, Provenance.Model provenance) throws IOException {
        Path directory = models.directory(location).toAbsolutePath().normalize();
        WorkerCache.Lease lease = cache.model(new WorkerCache.ModelKey(directory, provenance.sha256()),
                manager -> models.openLocation(location, manager));
        // one line per unit, so that a worker's log shows what the cache saved
        LOG.info("model {}: {}", location, lease.reused() ? "kept open from an earlier unit" : "opened");
        return lease;
    }

    Task task(TaskSpec spec, LoadOptions options) throws IOException {
        return cache.task(taskKey(spec, options), () -> {
            LOG.info("loading task {} ({})", spec, options);
            return tasks.load(spec, options);
        });
    }

    /**
     * The batches of one split of a task, tokenised with the model's tokenizer; a model without a tokenizer is an
     * {@link IOException} naming {@code modelName}.
     */
    List<? extends TaskBatch> batches(TaskSpec spec, LoadOptions options, Task task, String split,
                                      WorkerCache.Lease model, Provenance.Model provenance, String modelName,
                                      int maxLength, int batchSize, long seed) throws IOException {
        // the tokenizer's own digest: a fine-tuned or pruned copy of a model tokenises exactly as the original
        String tokenizer = provenance.files().stream().filter(f -> f.name().equals(TOKENIZER))
                .map(Provenance.FileDigest::sha256).findFirst().orElse(provenance.sha256());
        WorkerCache.BatchKey key = new WorkerCache.BatchKey(taskKey(spec, options), split, tokenizer, maxLength,
                batchSize, seed);
        return cache.batches(key, () -> {
            LOG.info("tokenising the {} split of {} ({} tokens, batches of {})", split, spec, maxLength, batchSize);
            return tokenise(model.model(), modelName, task, task.splits().get(split), maxLength, batchSize, seed);
        });
    }

    /**
     * {@code examples} of {@code task} in batches ({@link TaskBatches#forTask}), tokenised with {@code model}'s own
     * tokenizer: the one way a unit's batches are built, cached ({@link #batches}) or not ({@code reproduce}).
     */
    static List<? extends TaskBatch> tokenise(EncoderModel model, String modelName, Task task, List<Example> examples,
                                              int maxLength, int batchSize, long seed) throws IOException {
        try (TextTokenizer opened = TextTokenizer.open(model.tokenizerFile().orElseThrow(
                () -> new IOException("model " + modelName + " has no " + TOKENIZER)), maxLength)) {
            return TaskBatches.forTask(task.spec(), examples, opened, batchSize, seed);
        }
    }

    private static WorkerCache.TaskKey taskKey(TaskSpec spec, LoadOptions options) {
        return new WorkerCache.TaskKey(spec.toString(), options);
    }
}
