package dev.headcount.pipeline;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.data.Example;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.importance.HeadImportanceEstimator;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.importance.Normalization;
import dev.headcount.engine.model.AlbertMaskMode;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.objective.Objectives;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.HeadImportanceScored;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ImportanceOptions;
import dev.headcount.events.Granularity;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Provenance;
import dev.headcount.events.Stage;
import dev.headcount.events.TaskSpec;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.cache.WorkerCache;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one importance map: {@code task} on {@code variant} of an experiment, stores it
 * ({@link ImportanceMapFile}) and turns it into the one event of the head-importance topic,
 * {@link ImportanceMapCompleted}, which names the file. Two ways: the whole map at once ({@link #run}, used by the
 * command line and the tests), or one shard at a time ({@link #runShard}, the scorer-service's unit of work): each
 * shard scores a contiguous range of the map's batches and stores its raw sums ({@link ImportanceShardFile}); the
 * shard that finds every other shard stored merges them into the same map the unsharded run writes.
 *
 * <p>Data: the task's <b>train</b> split, capped (seeded sample) at {@code samples.scoringExamples}. Michel et al.
 * score heads on the task's own data; taking it from train keeps the dev split held out for the pruning
 * evaluations, which would otherwise be ranked on the very examples they are measured on. Tokens per example:
 * {@code fineTuning.maxLength}; batch size {@code importance.batchSize} (it matters only for the contrastive loss,
 * whose negatives are the other rows of a batch); seed: the request's (sampling and MLM masking).
 *
 * <p>Idempotent: when the map file (or a shard's file) exists it is read back instead of scoring again, and the
 * same event (same id, same values) is returned.
 */
public final class ScoringJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringJob.class);

    /** The scoring settings an experiment implies (shared with tests that recompute a map with the engine). */
    public record Settings(int examples, int maxLength, int batchSize, long seed,
                           dev.headcount.engine.importance.Granularity granularity, AlbertMaskMode albertMaskMode,
                           Normalization normalization, int devCap) {
        /** The split maps are scored on (see the class comment). */
        public static final String SPLIT = "train";

        public static Settings of(ExperimentPlan plan) {
            var request = plan.request();
            ImportanceOptions o = request.importance();
            return new Settings(request.samples().scoringExamples(), request.fineTuning().maxLength(),
                    o.batchSize(), request.seed(),
                    dev.headcount.engine.importance.Granularity.valueOf(o.granularity().name()),
                    AlbertMaskMode.valueOf(o.albertMask().name()),
                    new Normalization(o.normalizePerLayer(), o.normalizeGlobal()), request.samples().devCap());
        }

        /** Train capped at the scoring sample; dev capped as everywhere else (it is not used here). */
        public LoadOptions loadOptions() {
            return new LoadOptions(examples, devCap, seed);
        }

        public HeadImportanceEstimator estimator() {
            return new HeadImportanceEstimator(granularity, ForwardOptions.evaluation().withAlbertMaskMode(albertMaskMode));
        }

        /** These settings as provenance options, under the request's names ({@link #of(Provenance)} reads them). */
        public Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("scoringExamples", Integer.toString(examples));
            options.put("devCap", Integer.toString(devCap));
            options.put("maxLength", Integer.toString(maxLength));
            options.put("batchSize", Integer.toString(batchSize));
            options.put("seed", Long.toString(seed));
            options.put("granularity", granularity.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            options.put("albertMask", albertMaskMode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            options.put("normalizePerLayer", Boolean.toString(normalization.perLayerL2()));
            options.put("normalizeGlobal", Boolean.toString(normalization.globalMinMax()));
            return options;
        }

        /**
         * The settings a stored map was scored with, from its provenance alone; an {@link IllegalArgumentException}
         * naming the option that is missing or malformed.
         */
        public static Settings of(Provenance provenance) {
            return new Settings(integer(provenance, "scoringExamples"), integer(provenance, "maxLength"),
                    integer(provenance, "batchSize"), Long.parseLong(number(provenance, "seed")),
                    constant(provenance, "granularity", dev.headcount.engine.importance.Granularity.class),
                    constant(provenance, "albertMask", AlbertMaskMode.class),
                    new Normalization(bool(provenance, "normalizePerLayer"), bool(provenance, "normalizeGlobal")),
                    integer(provenance, "devCap"));
        }

        private static String number(Provenance provenance, String name) {
            String value = provenance.option(name);
            if (!value.matches("-?[0-9]+")) {
                throw new IllegalArgumentException("provenance option " + name + " must be an integer, was '" + value
                        + "'");
            }
            return value;
        }

        private static int integer(Provenance provenance, String name) {
            return Integer.parseInt(number(provenance, name));
        }

        private static boolean bool(Provenance provenance, String name) {
            String value = provenance.option(name);
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("provenance option " + name + " must be true or false, was '"
                        + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        private static <E extends Enum<E>> E constant(Provenance provenance, String name, Class<E> type) {
            String value = provenance.option(name);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("provenance option " + name + " is '" + value + "', not one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        }
    }

    /** The map and its event; {@code reused} when the map file was already there. */
    public record Result(ImportanceMapFile map, ImportanceMapCompleted completed, boolean reused) {
        /**
         * What the scorer publishes: the completion alone. The map's numbers travel in the file it names (the
         * pruner and the report read that); a per-head {@link HeadImportanceScored} is no longer published, since
         * nothing consumed it (the type stays readable for records already on the topic).
         */
        public List<HeadcountEvent> events() {
            return List.of(completed);
        }

        /** The completion with the map's matrices, as the report-service has it once it read the file. */
        public ImportanceMapCompleted withMatrices() {
            return completed.withMatrices(map);
        }
    }

    private final ArtifactStore store;
    private final TaskLoading tasks;
    private final ModelOpener models;
    private final UnitInputs inputs;
    private final String service;

    /** A job that keeps nothing from one shard to the next ({@link WorkerCache#disabled()}). */
    public ScoringJob(ArtifactStore store, TaskLoading tasks, String service) {
        this(store, tasks, WorkerCache.disabled(), service);
    }

    /** A job whose shards take their model, task and batches from {@code cache} (shared with the worker's other jobs). */
    public ScoringJob(ArtifactStore store, TaskLoading tasks, WorkerCache cache, String service) {
        this.store = store;
        this.tasks = tasks;
        this.models = new ModelOpener(store);
        this.inputs = new UnitInputs(cache, models, tasks);
        this.service = service;
    }

    /** Scores on the variant's usual model (see {@link ModelOpener}). */
    public Result run(ExperimentPlan plan, ModelVariant variant, String task, Consumer<Progress> progress)
            throws IOException {
        return run(plan, variant, task, models.location(plan, variant), progress);
    }

    /**
     * @param modelLocation what to open: a built-in name, a directory, or a {@code file:} URI of the store (the
     *                      artifact URI a {@code ModelFineTuned} event carries)
     */
    public Result run(ExperimentPlan plan, ModelVariant variant, String task, String modelLocation,
                      Consumer<Progress> progress) throws IOException {
        String experimentId = plan.experimentId();
        Optional<ImportanceMapFile> existing = ImportanceMapFile.read(store, experimentId, variant, task);
        if (existing.isPresent()) {
            LOG.info("{}: map of {} on {} exists, reusing it", experimentId, task, variant);
            ImportanceMapFile map = existing.get();
            report(progress, plan, variant, map.examples(), map.examples(), "reused the map of " + task + " on " + variant);
            return result(map, true);
        }
        Settings settings = Settings.of(plan);
        TaskSpec spec = TaskLoading.specOf(plan, task);
        Task loaded = tasks.load(spec, settings.loadOptions());
        List<Example> examples = loaded.train();
        int total = examples.size();
        String message = "scoring " + task + " on " + variant;
        report(progress, plan, variant, 0, total, message);
        // fingerprinted before it is loaded: the files hashed are the files scored
        Provenance.Model modelProvenance = Provenances.model(modelLocation, models.directory(modelLocation));
        ImportanceMap engineMap;
        Provenance provenance;
        try (NDManager manager = Devices.newBaseManager();
             EncoderModel model = models.openLocation(modelLocation, manager)) {
            engineMap = estimate(settings, loaded, model, modelLocation,
                    done -> report(progress, plan, variant, done, total, message));
            provenance = Provenances.of(modelProvenance,
                    List.of(Provenances.data(spec.toString(), Settings.SPLIT, settings.seed(), examples)),
                    settings.options(), manager);
        }
        ImportanceMapFile map = mapFile(experimentId, variant, task, engineMap, total,
                settings.normalization(), provenance);
        map.write(store);
        LOG.info("{}: scored {} on {} ({} examples, {} units)", experimentId, task, variant, total, map.units());
        return result(map, false);
    }

    /**
     * The map of the train split of {@code task} on {@code model}: the one computation behind every stored map,
     * shared by this job and {@code headcount reproduce}.
     */
    public static ImportanceMap estimate(Settings settings, Task task, EncoderModel model, String modelName,
                                         IntConsumer progress) throws IOException {
        // the estimate's contract: examples done after each batch (a batch is never empty), not the 0 before
        return estimateShard(settings, task, model, modelName, 0, 1, progress == null ? null : (done, total) -> {
            if (done > 0) {
                progress.accept(done);
            }
        }).map();
    }

    /** Examples done of the examples in all, after each batch (and 0 of all before the first). */
    @FunctionalInterface
    public interface ShardProgress {
        void accept(int done, int total);
    }

    /** One shard's part of a map: its batch range of the map's batch list, and what it summed. */
    public record ShardEstimate(ImportanceMap map, int batchFrom, int batchTo, int batches, int examples) {
    }

    /**
     * Shard {@code shard} of {@code shards} of the map {@link #estimate} computes: the whole batch list is built
     * exactly as for the unsharded map (length bucketing groups examples across the whole list and MLM masking is
     * keyed by an example's index in it, so a shard cannot build its batches from its examples alone), and only
     * batches {@link WorkUnit#shardRange} of it are scored. The
     * estimator keeps no state from one batch to the next (each batch is one forward and backward pass with fresh
     * gates; masking was fixed when the list was built), so every unit of the shard is computed exactly as in the
     * unsharded run, and the shards' sums add up to its sums.
     */
    public static ShardEstimate estimateShard(Settings settings, Task task, EncoderModel model, String modelName,
                                              int shard, int shards, ShardProgress progress) throws IOException {
        List<? extends TaskBatch> batches = UnitInputs.tokenise(model, modelName, task, task.train(),
                settings.maxLength(), settings.batchSize(), settings.seed());
        return estimateShard(settings, task, model, batches, shard, shards, progress);
    }

    /** As above, on the map's whole batch list already built (by {@link TaskBatches#forTask}, as above). */
    static ShardEstimate estimateShard(Settings settings, Task task, EncoderModel model,
                                       List<? extends TaskBatch> batches, int shard, int shards,
                                       ShardProgress progress) {
        int[] range = WorkUnit.shardRange(shard, shards, batches.size());
        List<? extends TaskBatch> part = batches.subList(range[0], range[1]);
        int examples = part.stream().mapToInt(TaskBatch::size).sum();
        if (progress != null) {
            progress.accept(0, examples);
        }
        ImportanceMap map = settings.estimator().estimate(model, Objectives.forKind(task.spec().kind()), part,
                progress == null ? null : done -> progress.accept(done, examples));
        return new ShardEstimate(map, range[0], range[1], batches.size(), examples);
    }

    /** The outcome of one scoring shard: its stored sums, and the map when this shard completed it. */
    public record ShardResult(ImportanceShardFile shard, boolean reused, Optional<Result> map) {
        /** What the scorer publishes for the shard: the map's completion once every shard is in, else nothing. */
        public List<HeadcountEvent> events() {
            return map.map(Result::events).orElse(List.of());
        }
    }

    /**
     * Scores one shard of a map ({@link WorkUnit.Kind#SCORE}) on the variant's usual model
     * ({@link ModelOpener#location}: the request's model for {@code pretrained}, the stored checkpoint otherwise)
     * and stores its sums ({@link ImportanceShardFile}); a shard already stored is read back instead
     * ({@code reused}). Then, if every shard of the map is stored, the map is merged from them, written and its
     * completion returned; a map already written is read back and its completion returned again (same id).
     *
     * <p>Two replicas that store the map's last two shards at the same moment may both merge: both write the same
     * map (the same sums from the same stored shards, the provenance of shard 0) atomically and return
     * completions with the same id, which consumers treat as one.
     */
    public ShardResult runShard(ExperimentPlan plan, WorkUnit unit, Consumer<Progress> progress) throws IOException {
        if (unit.kind() != WorkUnit.Kind.SCORE) {
            throw new IllegalArgumentException("not a scoring shard: " + unit.id());
        }
        String experimentId = plan.experimentId();
        ModelVariant variant = unit.variant();
        String task = unit.task();
        String label = "shard " + unit.shard() + " of " + unit.shards() + " of " + task + " on " + variant;
        Optional<ImportanceShardFile> stored = ImportanceShardFile.read(store, experimentId, variant, task,
                unit.shard(), unit.shards());
        ImportanceShardFile shard;
        boolean reused = stored.isPresent();
        if (reused) {
            shard = stored.get();
            LOG.info("{}: {} is stored, reusing it", experimentId, label);
            report(progress, plan, unit.id(), shard.examples(), shard.examples(), "reused " + label);
        } else {
            shard = scoreShard(plan, unit, label, progress);
            shard.write(store);
            LOG.info("{}: scored {} (batches {}..{} of {}, {} units)", experimentId, label, shard.batchFrom(),
                    shard.batchTo(), shard.batches(), shard.units());
        }
        Optional<ImportanceMapFile> existing = ImportanceMapFile.read(store, experimentId, variant, task);
        if (existing.isPresent()) {
            return new ShardResult(shard, reused, Optional.of(result(existing.get(), true)));
        }
        List<ImportanceShardFile> shards = new ArrayList<>();
        for (int i = 0; i < unit.shards(); i++) {
            Optional<ImportanceShardFile> other = i == unit.shard() ? Optional.of(shard)
                    : ImportanceShardFile.read(store, experimentId, variant, task, i, unit.shards());
            if (other.isEmpty()) {
                return new ShardResult(shard, reused, Optional.empty());
            }
            shards.add(other.get());
        }
        ImportanceMapFile map = mergeShards(plan, shards);
        map.write(store);
        LOG.info("{}: merged the map of {} on {} from {} shards ({} examples, {} units)", experimentId, task, variant,
                shards.size(), map.examples(), map.units());
        return new ShardResult(shard, reused, Optional.of(result(map, false)));
    }

    private ImportanceShardFile scoreShard(ExperimentPlan plan, WorkUnit unit, String label,
                                           Consumer<Progress> progress) throws IOException {
        String modelLocation = models.location(plan, unit.variant());
        Settings settings = Settings.of(plan);
        TaskSpec spec = TaskLoading.specOf(plan, unit.task());
        Task loaded = inputs.task(spec, settings.loadOptions());
        List<Example> examples = loaded.train();
        String message = "scoring " + label;
        Provenance.Model modelProvenance = Provenances.model(modelLocation, models.directory(modelLocation));
        try (WorkerCache.Lease lease = inputs.model(modelLocation, modelProvenance)) {
            // every shard of a map builds the map's whole batch list (see estimateShard): kept for its other shards
            List<? extends TaskBatch> batches = inputs.batches(spec, settings.loadOptions(), loaded, Settings.SPLIT,
                    lease, modelProvenance, modelLocation, settings.maxLength(), settings.batchSize(),
                    settings.seed());
            // progress per shard (subject: the unit), so that shards' events do not share ids
            ShardEstimate estimate = estimateShard(settings, loaded, lease.model(), batches, unit.shard(),
                    unit.shards(), (done, total) -> report(progress, plan, unit.id(), done, total, message));
            Provenance provenance = Provenances.of(modelProvenance,
                    List.of(Provenances.data(spec.toString(), Settings.SPLIT, settings.seed(), examples)),
                    settings.options(), lease.manager());
            ImportanceMap m = estimate.map();
            return new ImportanceShardFile(plan.experimentId(), unit.variant(), unit.task(), unit.shard(),
                    unit.shards(), estimate.batchFrom(), estimate.batchTo(), estimate.batches(),
                    Granularity.valueOf(m.granularity().name()), m.units(), m.absGradientSum(), m.entropySum(),
                    m.entropyTokens(), estimate.examples(), m.unitRows(), provenance);
        }
    }

    /**
     * The map of a complete set of shards, in shard order: sums added in double precision and unit rows
     * concatenated ({@link ImportanceMap#plus}), normalised by the engine as the unsharded map is
     * ({@link #mapFile}). The provenance is shard 0's; every shard must have scored the same model and data with
     * the same settings and cover the batch list without gap or overlap, or an {@link IOException} names the
     * shard that does not.
     */
    public ImportanceMapFile mergeShards(ExperimentPlan plan, List<ImportanceShardFile> shards) throws IOException {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shards to merge");
        }
        ImportanceShardFile first = shards.get(0);
        ImportanceMap merged = null;
        int examples = 0;
        int next = 0;
        for (int i = 0; i < shards.size(); i++) {
            ImportanceShardFile s = shards.get(i);
            String where = ImportanceShardFile.uri(store, s.experimentId(), s.variant(), s.task(), s.shard(),
                    s.shards()).toString();
            if (s.shard() != i || s.shards() != shards.size()) {
                throw new IOException(where + " is shard " + s.shard() + " of " + s.shards() + ", expected " + i
                        + " of " + shards.size());
            }
            if (s.batches() != first.batches() || s.batchFrom() != next) {
                throw new IOException(where + " covers batches " + s.batchFrom() + ".." + s.batchTo() + " of "
                        + s.batches() + ", expected to start at " + next + " of " + first.batches());
            }
            next = s.batchTo();
            if (s.granularity() != first.granularity()) {
                throw new IOException(where + " has granularity " + s.granularity() + ", shard 0 " + first.granularity());
            }
            sameSource(where, first.provenance(), s.provenance());
            ImportanceMap part = new ImportanceMap(
                    dev.headcount.engine.importance.Granularity.valueOf(s.granularity().name()), s.rawSums(),
                    s.units(), s.entropySums(), s.entropyTokens(), s.unitRows());
            merged = merged == null ? part : merged.plus(part);
            examples += s.examples();
        }
        if (next != first.batches()) {
            throw new IOException("the shards of " + first.task() + " on " + first.variant() + " cover batches 0.."
                    + next + " of " + first.batches());
        }
        return mapFile(first.experimentId(), first.variant(), first.task(), merged, examples,
                Settings.of(plan).normalization(), first.provenance());
    }

    /** Shards of one map must come from the same model, data and settings (the platform may differ). */
    private static void sameSource(String where, Provenance first, Provenance other) throws IOException {
        if (first == null || other == null) {
            if (first != other) {
                throw new IOException(where + " has " + (other == null ? "no" : "a") + " provenance, shard 0 "
                        + (first == null ? "none" : "one"));
            }
            return;
        }
        if (!first.model().sha256().equals(other.model().sha256())) {
            throw new IOException(where + " scored model " + other.model().sha256() + ", shard 0 "
                    + first.model().sha256());
        }
        if (!first.data().equals(other.data())) {
            throw new IOException(where + " scored data " + other.data() + ", shard 0 " + first.data());
        }
        if (!first.options().equals(other.options())) {
            throw new IOException(where + " was scored with " + other.options() + ", shard 0 with "
                    + first.options());
        }
    }

    /**
     * The completion of a stored map: which map, where, and the digest of the file as stored (read back, so that a
     * map reused or written by another replica at the same moment is announced as it is on disk).
     */
    private Result result(ImportanceMapFile map, boolean reused) throws IOException {
        URI uri = ArtifactLayout.importanceMap(store, map.experimentId(), map.variant(), map.task());
        ImportanceMapCompleted completed = ImportanceMapCompleted.announcing(map, uri.toString(),
                ImportanceMapFile.sha256(store, uri));
        return new Result(map, completed, reused);
    }

    private void report(Consumer<Progress> progress, ExperimentPlan plan, ModelVariant variant, long done, long total,
                        String message) {
        report(progress, plan, variant.name(), done, total, message);
    }

    private void report(Consumer<Progress> progress, ExperimentPlan plan, String subject, long done, long total,
                        String message) {
        if (progress != null) {
            progress.accept(new Progress(plan.experimentId(), service, Stage.SCORE, subject, done, total, message));
        }
    }

    /**
     * The stored document of an engine map: raw sums (so shards and normalisations can be redone) and unit rows.
     * The one way a map file is built; the {@code importance} command writes its maps through it too.
     */
    public static ImportanceMapFile mapFile(String experimentId, ModelVariant variant, String task,
                                     dev.headcount.engine.importance.ImportanceMap map, int examples,
                                     dev.headcount.engine.importance.Normalization normalization, Provenance provenance) {
        return new ImportanceMapFile(experimentId, variant, task, Granularity.valueOf(map.granularity().name()),
                map.units(), map.absGradientSum(), map.entropySum(), map.entropyTokens(), examples,
                normalization.perLayerL2(), normalization.globalMinMax(), map.normalized(normalization),
                map.attentionEntropy(), map.unitRows(), provenance);
    }
}
