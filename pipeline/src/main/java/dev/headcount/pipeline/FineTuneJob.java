package dev.headcount.pipeline;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.evaluation.Evaluation;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.engine.training.FineTuner;
import dev.headcount.engine.training.HeadInitializer;
import dev.headcount.engine.training.KeepPolicy;
import dev.headcount.engine.training.TrainingBatches;
import dev.headcount.engine.training.TrainingConfig;
import dev.headcount.engine.training.TrainingRecord;
import dev.headcount.engine.training.TrainingEvent;
import dev.headcount.engine.training.TrainingListener;
import dev.headcount.engine.training.TrainingResult;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.CurveSummary;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.Learning;
import dev.headcount.events.Predictions;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Provenance;
import dev.headcount.events.TaskSpec;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.learning.LearningCheck;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fine-tune of an experiment, as a unit of work: {@code finetuned/<task>} from {@code pretrained}, or
 * {@code pruned-then-finetuned/<ranking>/<fraction>/<task>} from the pruned checkpoint {@code pruned/<ranking>/<fraction>}.
 *
 * <p>Loads the task with the request's caps and seed, fine-tunes with the request's {@link FineTuneOptions}
 * through the engine's {@link FineTuner} (best epoch kept), saves the checkpoint atomically at
 * {@link ArtifactLayout#model} and then, last, the run's {@value #RESULT} beside it (the {@link ModelFineTuned}
 * it produced, the full curves and the configuration). {@link FineTuneProgress} events go to the progress callback.
 *
 * <p>Idempotent: when the variant's checkpoint and {@value #RESULT} already exist, nothing is trained; the stored
 * event is returned as it was (same id, same values, same {@code completedAt}).
 */
public final class FineTuneJob {

    /** The run's record beside the checkpoint: {@code {"event": ModelFineTuned, "config", "step_losses", ...}}. */
    public static final String RESULT = "training.json";
    /** Gates of heads a pruned checkpoint could not remove physically (ALBERT): [passes][heads], 0 = masked. */
    /** Heads of a pruned base that could not be removed physically (ALBERT), written by the pruner. */
    public static final String RESIDUAL_MASK = PruningJob.RESIDUAL_MASK;
    /** Progress events per run, at most (plus the last step). */
    static final int PROGRESS_REPORTS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(FineTuneJob.class);
    private static final ObjectMapper JSON = EventJson.mapper();

    private final ArtifactStore store;
    private final TaskRegistry tasks;
    private final Clock clock;

    /** What a run gave: the event, and whether it was read back from an earlier run instead of trained. */
    public record Outcome(ModelFineTuned event, boolean reused) {
    }

    public FineTuneJob(ArtifactStore store, TaskRegistry tasks, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** With the registry of the environment ({@code headcount.data.dir}, {@code HEADCOUNT_TASKS}) and the UTC clock. */
    public FineTuneJob(ArtifactStore store) {
        this(store, TaskRegistry.fromEnvironment(), Clock.systemUTC());
    }

    /**
     * Fine-tunes {@code variant} of the experiment, or returns the earlier result of the same unit of work.
     *
     * @param variant  {@code finetuned/<task>} or {@code pruned-then-finetuned/<ranking>/<fraction>/<task>} of the plan
     * @param base     the base checkpoint's URI (as {@code PrunedModelReady.artifactUri} carries it) or null for
     *                 the default place: the request's model for {@code pretrained}, else {@link ArtifactLayout#model}
     * @param progress receives {@link FineTuneProgress} events while training (may be null)
     * @throws IllegalArgumentException when the variant is not a fine-tune of the plan or a task/model is unknown
     *                                  (a poison unit of work: retrying cannot help)
     * @throws IOException              when data, checkpoints or artifacts cannot be read or written
     */
    public Outcome run(ExperimentPlan plan, ModelVariant variant, URI base, Consumer<FineTuneProgress> progress)
            throws IOException {
        check(plan, variant);
        ModelFineTuned earlier = previous(plan.experimentId(), variant);
        if (earlier != null) {
            LOG.info("{}: {} already fine-tuned ({} {}), not training again", plan.experimentId(), variant,
                    earlier.primaryMetric(), earlier.devMetrics().get(earlier.primaryMetric()));
            return new Outcome(earlier, true);
        }
        return new Outcome(train(plan, variant, base, progress == null ? p -> { } : progress), false);
    }

    /** The stored result of an earlier run of this unit of work, or null if there is none (or it is incomplete). */
    public ModelFineTuned previous(String experimentId, ModelVariant variant) throws IOException {
        Path checkpoint = store.localPath(ArtifactLayout.model(store, experimentId, variant));
        Path result = store.localPath(store.uriOf(experimentId, variant, RESULT));
        if (!Files.isRegularFile(result) || !Files.isRegularFile(checkpoint.resolve(ModelDirectory.WEIGHTS))
                || !Files.isRegularFile(checkpoint.resolve(ModelDirectory.CONFIG))) {
            return null;
        }
        HeadcountEvent event;
        try {
            JsonNode stored = JSON.readTree(result.toFile()).get("event");
            if (stored == null) {
                LOG.warn("{} has no event: fine-tuning {} again", result, variant);
                return null;
            }
            event = EventJson.fromJson(JSON.writeValueAsString(stored));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} is unreadable ({}): fine-tuning {} again", result, e.getMessage(), variant);
            return null;
        }
        if (!(event instanceof ModelFineTuned done) || !done.experimentId().equals(experimentId)
                || !done.variant().equals(variant)) {
            LOG.warn("{} holds another unit of work's result: fine-tuning {} again", result, variant);
            return null;
        }
        return done;
    }

    private ModelFineTuned train(ExperimentPlan plan, ModelVariant variant, URI base,
                                 Consumer<FineTuneProgress> progress) throws IOException {
        ExperimentRequest request = plan.request();
        FineTuneOptions options = request.fineTuning();
        long seed = request.seed();
        TrainingConfig config = trainingConfig(options, seed);
        long started = System.nanoTime();

        Task data = new TaskLoading(tasks).load(taskSpec(plan, variant.task()),
                new LoadOptions(request.samples().trainCapOf(variant.task()), request.samples().devCap(), seed));
        if (data.train().isEmpty() || data.dev().isEmpty()) {
            throw new IllegalArgumentException("task " + variant.task() + " has " + data.train().size() + " train and "
                    + data.dev().size() + " dev examples: fine-tuning needs both");
        }
        TaskKind kind = data.spec().kind();
        String baseLocation = baseLocation(plan, variant.base(), base);
        Provenance.Model modelProvenance = Provenances.model(baseLocation,
                new ModelOpener(store).directory(baseLocation));
        try (NDManager manager = Devices.newBaseManager()) {
            Opened opened = openBase(plan, variant.base(), base, manager);
            EncoderModel model = kind.isClassification() || kind == TaskKind.REGRESSION
                    ? HeadInitializer.withClassifier(opened.model(), kind == TaskKind.REGRESSION ? 1
                    : data.spec().labels().size(), seed)
                    : opened.model();
            Path tokenizerFile = model.tokenizerFile().orElseThrow(() -> new IllegalArgumentException(
                    "model of " + variant.base() + " has no tokenizer.json: fine-tuning needs one"));
            try (EncoderModel m = model; TextTokenizer tokenizer = TextTokenizer.open(tokenizerFile, options.maxLength())) {
                TrainingBatches train = TrainingBatches.shuffledExamples(data.spec(), data.train(), tokenizer,
                        options.batchSize(), seed);
                List<? extends TaskBatch> dev = TaskBatches.forTask(data.spec(), data.dev(), tokenizer,
                        options.batchSize(), seed);
                long totalSteps = config.totalSteps(train.batchesPerEpoch());
                LOG.info("{}: fine-tuning {} on {}: {} train / {} dev examples, {} epochs, {} steps, {} heads",
                        plan.experimentId(), variant, data.name(), data.train().size(), data.dev().size(),
                        config.epochs(), totalSteps, m.remainingHeads());
                ProgressReporter reporter = new ProgressReporter(plan.experimentId(), variant, totalSteps, progress);
                TrainingResult result = new FineTuner(config, reporter).train(m, data.spec(), train, dev,
                        opened.mask());
                double seconds = (System.nanoTime() - started) / 1e9;
                if (result.kept() == null) {
                    throw new IllegalStateException("fine-tuning " + variant + " ran no dev evaluation");
                }
                URI checkpoint = store.writeDirectory(plan.experimentId(), variant, ArtifactLayout.MODEL, dir -> {
                    ModelDirectory.save(m, dir);
                    if (opened.mask() != null && !opened.mask().isAllOnes()) {
                        JSON.writeValue(dir.resolve(RESIDUAL_MASK).toFile(), opened.mask().values());
                    }
                });
                String task = taskSpec(plan, variant.task()).toString();
                Map<String, String> settings = new LinkedHashMap<>(Provenances.options(config));
                settings.put("trainCap", Integer.toString(request.samples().trainCapOf(variant.task())));
                settings.put("devCap", Integer.toString(request.samples().devCap()));
                Provenance provenance = Provenances.of(modelProvenance,
                        List.of(Provenances.data(task, "train", seed, data.train()),
                                Provenances.data(task, "dev", seed, data.dev())), settings, manager);
                ModelFineTuned event = event(plan.experimentId(), variant, checkpoint, data.spec().primaryMetric(),
                        result, reporter, seconds, provenance);
                store.write(plan.experimentId(), variant, RESULT, JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(record(event, plan, data, config, result, opened.mask()))
                        .getBytes(StandardCharsets.UTF_8));
                LOG.info("{}: fine-tuned {}: dev {} {} (epoch {}) in {} s", plan.experimentId(), variant,
                        event.primaryMetric(), event.devMetrics().get(event.primaryMetric()),
                        event.curve().bestEpoch(), Math.round(seconds));
                return event;
            }
        }
    }

    /** The engine's configuration for the request's options (transformers' defaults for the rest). */
    public static TrainingConfig trainingConfig(FineTuneOptions options, long seed) {
        TrainingConfig defaults = TrainingConfig.defaults();
        return new TrainingConfig(options.epochs(), options.batchSize(), 1, options.maxLength(),
                options.learningRate(), options.weightDecay(), options.warmupRatio(), defaults.beta1(),
                defaults.beta2(), defaults.epsilon(), defaults.maxGradNorm(), 0, KeepPolicy.BEST, 0, seed);
    }

    private ModelFineTuned event(String experimentId, ModelVariant variant, URI checkpoint, Metric primary,
                                 TrainingResult result, ProgressReporter reporter, double seconds,
                                 Provenance provenance) {
        Evaluation kept = result.kept().evaluation();
        Map<String, Double> metrics = new TreeMap<>();
        kept.metrics().forEach((metric, value) -> metrics.put(metric.id(), value));
        List<Double> devPerEpoch = new ArrayList<>();
        for (TrainingResult.EvaluationPoint point : result.evaluations()) {
            devPerEpoch.add(point.evaluation().metric(primary));
        }
        int epochs = result.evaluations().isEmpty() ? 0
                : result.evaluations().get(result.evaluations().size() - 1).epoch() + 1;
        CurveSummary curve = new CurveSummary(result.stepLosses().size(), epochs, reporter.trainLossPerEpoch(),
                devPerEpoch, result.kept().epoch() + 1, seconds);
        LearningCheck check = kept.learningCheck(primary);
        Learning learning = new Learning(primary.id(), check.value(), check.baseline(), check.ciLow(), check.ciHigh(),
                check.learned(), check.reason().orElse(null));
        return new ModelFineTuned(experimentId, variant, checkpoint.toString(), primary.id(), metrics, kept.loss(),
                curve, clock.instant().truncatedTo(ChronoUnit.MILLIS), learning, provenance,
                Predictions.of(kept.predictions()));
    }

    private static ObjectNode record(ModelFineTuned event, ExperimentPlan plan, Task data, TrainingConfig config,
                                     TrainingResult result, HeadMask mask) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.set("event", JSON.readTree(EventJson.toJson(event)));
        n.setAll(TrainingRecord.of(plan.request().model(), data, config, result, mask));
        return n;
    }

    private static void check(ExperimentPlan plan, ModelVariant variant) {
        Objects.requireNonNull(variant, "variant");
        if (!variant.isFinetuned()) {
            throw new IllegalArgumentException("'" + variant + "' is not a fine-tuned variant");
        }
        if (!plan.fineTunes().contains(variant)) {
            throw new IllegalArgumentException(variant + " is not a fine-tune of experiment " + plan.experimentId()
                    + " (its fine-tunes: " + plan.fineTunes() + ")");
        }
    }

    private static TaskSpec taskSpec(ExperimentPlan plan, String task) {
        return plan.request().downstreamTasks().stream().filter(t -> t.name().equals(task)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("task " + task + " is not a downstream task of "
                        + plan.experimentId()));
    }

    private record Opened(EncoderModel model, HeadMask mask) {
    }

    /** Where the base model is, as {@link #openBase} finds it: the request's model, or a checkpoint directory. */
    private String baseLocation(ExperimentPlan plan, ModelVariant baseVariant, URI base) {
        if (baseVariant.equals(ModelVariant.pretrained()) && base == null) {
            return plan.request().model();
        }
        return store.localPath(base != null ? base : ArtifactLayout.model(store, plan.experimentId(), baseVariant))
                .toString();
    }

    /**
     * The base model: {@code pretrained} is the request's model; any other variant is a checkpoint directory of
     * the store (the given URI, or {@link ArtifactLayout#model}), with its residual head mask if it has one.
     */
    private Opened openBase(ExperimentPlan plan, ModelVariant baseVariant, URI base, NDManager manager)
            throws IOException {
        if (baseVariant.equals(ModelVariant.pretrained()) && base == null) {
            return new Opened(new ModelOpener(store).open(plan, baseVariant, manager), null);
        }
        Path dir = store.localPath(base != null ? base : ArtifactLayout.model(store, plan.experimentId(), baseVariant));
        if (!Files.isDirectory(dir)) {
            throw new IOException("checkpoint of " + baseVariant + " does not exist: " + dir);
        }
        EncoderModel model = ModelDirectory.load(dir, manager);
        Path maskFile = dir.resolve(RESIDUAL_MASK);
        HeadMask mask = null;
        if (Files.isRegularFile(maskFile)) {
            mask = new HeadMask(JSON.readValue(maskFile.toFile(), float[][].class));
            if (mask.passes() != model.config().numLayers() || mask.heads() != model.config().numHeads()) {
                model.close();
                throw new IOException(maskFile + ": head mask is " + mask.passes() + " × " + mask.heads()
                        + " but the model has " + model.config().numLayers() + " × " + model.config().numHeads());
            }
        }
        return new Opened(model, mask);
    }

    /** Turns the engine's training events into {@link FineTuneProgress} every few steps; keeps per-epoch losses. */
    private static final class ProgressReporter implements TrainingListener {
        private final String experimentId;
        private final ModelVariant variant;
        private final long totalSteps;
        private final long every;
        private final Consumer<FineTuneProgress> sink;
        private final Map<Integer, double[]> epochLoss = new LinkedHashMap<>();
        private double lossSinceReport;
        private int stepsSinceReport;
        private long examplesAtReport;
        private long nanosAtReport = System.nanoTime();

        ProgressReporter(String experimentId, ModelVariant variant, long totalSteps, Consumer<FineTuneProgress> sink) {
            this.experimentId = experimentId;
            this.variant = variant;
            this.totalSteps = totalSteps;
            this.every = Math.max(1, totalSteps / PROGRESS_REPORTS);
            this.sink = sink;
        }

        @Override
        public void onEvent(TrainingEvent event) {
            if (event.kind() != TrainingEvent.Kind.STEP) {
                return;
            }
            double[] sum = epochLoss.computeIfAbsent(event.epoch(), e -> new double[2]);
            sum[0] += event.loss();
            sum[1]++;
            lossSinceReport += event.loss();
            stepsSinceReport++;
            if (event.step() % every == 0 || event.step() == totalSteps) {
                long now = System.nanoTime();
                double seconds = Math.max(1e-9, (now - nanosAtReport) / 1e9);
                sink.accept(new FineTuneProgress(experimentId, variant, Math.toIntExact(event.step()),
                        Math.toIntExact(totalSteps), event.epoch() + 1, lossSinceReport / stepsSinceReport,
                        event.learningRate(), (event.examples() - examplesAtReport) / seconds));
                lossSinceReport = 0;
                stepsSinceReport = 0;
                examplesAtReport = event.examples();
                nanosAtReport = now;
            }
        }

        List<Double> trainLossPerEpoch() {
            List<Double> out = new ArrayList<>();
            epochLoss.values().forEach(s -> out.add(s[0] / s[1]));
            return out;
        }
    }
}
