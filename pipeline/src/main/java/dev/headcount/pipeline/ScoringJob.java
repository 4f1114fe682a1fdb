package dev.headcount.pipeline;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.data.Example;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TextTokenizer;
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
import java.io.IOException;
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
 * {@link ImportanceMapCompleted}, which names the file.
 *
 * <p>Data: the task's <b>train</b> split, capped (seeded sample) at {@code samples.scoringExamples}. Michel et al.
 * score heads on the task's own data; taking it from train keeps the dev split held out for the pruning
 * evaluations, which would otherwise be ranked on the very examples they are measured on. Tokens per example:
 * {@code fineTuning.maxLength}; batch size {@code importance.batchSize} (it matters only for the contrastive loss,
 * whose negatives are the other rows of a batch); seed: the request's (sampling and MLM masking).
 *
 * <p>Idempotent: when the map file exists it is read back instead of scoring again, and the same event (same
 * id, same values) is returned.
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
    }

    private final ArtifactStore store;
    private final TaskLoading tasks;
    private final ModelOpener models;
    private final String service;

    public ScoringJob(ArtifactStore store, TaskLoading tasks, String service) {
        this.store = store;
        this.tasks = tasks;
        this.models = new ModelOpener(store);
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
        try (TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(() -> new IOException(
                "model " + modelName + " has no tokenizer.json")), settings.maxLength())) {
            List<? extends TaskBatch> batches = TaskBatches.forTask(task.spec(), task.train(), tokenizer,
                    settings.batchSize(), settings.seed());
            return settings.estimator().estimate(model, Objectives.forKind(task.spec().kind()), batches, progress);
        }
    }

    private Result result(ImportanceMapFile map, boolean reused) {
        List<List<Double>> rawSums = new ArrayList<>();
        List<List<Long>> counts = new ArrayList<>();
        List<List<Double>> normalized = new ArrayList<>();
        List<List<Double>> entropy = new ArrayList<>();
        for (int l = 0; l < map.layers(); l++) {
            List<Double> raw = new ArrayList<>();
            List<Long> count = new ArrayList<>();
            List<Double> norm = new ArrayList<>();
            List<Double> ent = new ArrayList<>();
            for (int h = 0; h < map.heads(); h++) {
                raw.add(map.rawSums()[l][h]);
                count.add(map.units());
                norm.add(map.normalizedImportance()[l][h]);
                ent.add(map.attentionEntropy()[l][h]);
            }
            rawSums.add(raw);
            counts.add(count);
            normalized.add(norm);
            entropy.add(ent);
        }
        String uri = ArtifactLayout.importanceMap(store, map.experimentId(), map.variant(), map.task()).toString();
        ImportanceMapCompleted completed = new ImportanceMapCompleted(map.experimentId(), map.variant(), map.task(),
                map.granularity(), rawSums, counts, normalized, entropy, uri, map.provenance());
        return new Result(map, completed, reused);
    }

    private void report(Consumer<Progress> progress, ExperimentPlan plan, ModelVariant variant, long done, long total,
                        String message) {
        if (progress != null) {
            progress.accept(new Progress(plan.experimentId(), service, Stage.SCORE, variant.name(), done, total, message));
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
