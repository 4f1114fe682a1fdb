package dev.headcount.pipeline;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.evaluation.Evaluation;
import dev.headcount.engine.evaluation.Evaluator;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.engine.pruning.HeadPruner;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentPlan.EvaluationKey;
import dev.headcount.events.ExperimentPlan.MapKey;
import dev.headcount.events.HeadId;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.Predictions;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Provenance;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Ranking;
import dev.headcount.events.Stage;
import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pruner's units of work for one experiment.
 *
 * <p><b>Masked evaluations</b> ({@link #evaluate}), once every map of {@link ExperimentPlan#importanceMaps()} is in
 * the store: each {@link ExperimentPlan#evaluations()} key ranks the heads (a task ranking by that task's
 * normalised importance map, least important first; {@code random:<seed>} by a Fisher-Yates shuffle with that seed),
 * masks the first {@code round(fraction × heads)} of them on the base model and evaluates the evaluated task's
 * <b>dev</b> split (loaded as fine-tuning loads it: train capped at {@code samples.trainCap}, dev at
 * {@code samples.devCap}, the request's seed), with the task's metrics. Each base model is opened once and all its
 * keys are evaluated in a row; identical masks (every ranking at fraction 0) are evaluated once.
 *
 * <p><b>Pruned models</b> ({@link #prunePretrained}), once the pre-training map is in: for each
 * {@link ExperimentPlan#prunedModels()} fraction the pre-trained model loses the pre-training ranking's least
 * important heads physically ({@link HeadPruner}) and is saved at {@link ArtifactLayout#model}. ALBERT heads
 * that are pruned in some passes only cannot be removed from the shared layer: they stay in the checkpoint and
 * their gates are written to {@value #RESIDUAL_MASK} beside it ([passes][heads], 0 = masked).
 *
 * <p>Idempotent: each evaluation is stored as its event's JSON under the base variant and read back instead of
 * evaluated again; an existing pruned checkpoint is reused. Re-running returns the same events (same ids, same
 * values).
 */
public final class PruningJob {
    private static final Logger LOG = LoggerFactory.getLogger(PruningJob.class);
    public static final String RESIDUAL_MASK = "head_mask.json";
    static final String EVALUATIONS = "evaluations";
    static final String COMPLETE = EVALUATIONS + "/complete.json";

    private final ArtifactStore store;
    private final TaskLoading tasks;
    private final ModelOpener models;
    private final String service;

    public PruningJob(ArtifactStore store, TaskLoading tasks, String service) {
        this.store = store;
        this.tasks = tasks;
        this.models = new ModelOpener(store);
        this.service = service;
    }

    /** The maps of the plan not yet in the store. */
    public List<MapKey> missingMaps(ExperimentPlan plan) throws IOException {
        List<MapKey> missing = new ArrayList<>();
        for (MapKey key : plan.importanceMaps()) {
            if (ImportanceMapFile.read(store, plan.experimentId(), key.variant(), key.task()).isEmpty()) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** Whether every evaluation of the plan has been done and handed on ({@link #markEvaluationsPublished}). */
    public boolean evaluationsPublished(ExperimentPlan plan) {
        return Files.isRegularFile(store.localPath(store.uriOf(plan.experimentId(), ModelVariant.pretrained(), COMPLETE)));
    }

    /** Records that every evaluation event was published, so a later map event need not replay them. */
    public void markEvaluationsPublished(ExperimentPlan plan, int events) throws IOException {
        store.write(plan.experimentId(), ModelVariant.pretrained(), COMPLETE,
                ("{\"evaluations\":" + events + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The ranking of the heads as the engine orders them, least important first. */
    public dev.headcount.engine.pruning.Ranking ranking(ExperimentPlan plan, Ranking ranking, int passes, int heads)
            throws IOException {
        if (ranking.isRandom()) {
            return dev.headcount.engine.pruning.Ranking.random(ranking.seed(), passes, heads);
        }
        ModelVariant variant = plan.modelFor(ranking.task());
        ImportanceMapFile map = ImportanceMapFile.read(store, plan.experimentId(), variant, ranking.task())
                .orElseThrow(() -> new IOException("experiment " + plan.experimentId() + " has no importance map of "
                        + ranking.task() + " on " + variant + " yet"));
        return dev.headcount.engine.pruning.Ranking.byImportance(ranking.name(), map.normalizedImportance());
    }

    /**
     * Runs every evaluation of the plan, handing each event to {@code sink} as soon as it is known (stored ones
     * first, read back). Returns them all, in the plan's order within each base model.
     */
    public List<MaskedModelEvaluated> evaluate(ExperimentPlan plan, Consumer<MaskedModelEvaluated> sink,
                                               Consumer<Progress> progress) throws IOException {
        List<MapKey> missing = missingMaps(plan);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("experiment " + plan.experimentId() + " still lacks the maps " + missing);
        }
        Map<ModelVariant, List<EvaluationKey>> byBase = new LinkedHashMap<>();
        for (EvaluationKey key : plan.evaluations()) {
            byBase.computeIfAbsent(key.base(), b -> new ArrayList<>()).add(key);
        }
        int total = plan.evaluations().size();
        int[] done = {0};
        List<MaskedModelEvaluated> out = new ArrayList<>();
        Consumer<MaskedModelEvaluated> handOn = event -> {
            out.add(event);
            if (sink != null) {
                sink.accept(event);
            }
            done[0]++;
            if (progress != null) {
                progress.accept(new Progress(plan.experimentId(), service, Stage.EVALUATE, "evaluations", done[0], total,
                        "evaluated " + event.baseVariant() + " without " + event.headsRemoved().size() + " heads ("
                                + event.ranking() + " at " + ModelVariant.formatFraction(event.fraction()) + ") on "
                                + event.evaluatedTask()));
            }
        };
        for (Map.Entry<ModelVariant, List<EvaluationKey>> base : byBase.entrySet()) {
            List<EvaluationKey> todo = new ArrayList<>();
            for (EvaluationKey key : base.getValue()) {
                Optional<MaskedModelEvaluated> stored = readEvaluation(plan, key);
                if (stored.isPresent()) {
                    handOn.accept(stored.get());
                } else {
                    todo.add(key);
                }
            }
            if (!todo.isEmpty()) {
                evaluateOnBase(plan, base.getKey(), todo, handOn);
            }
        }
        return out;
    }

    private void evaluateOnBase(ExperimentPlan plan, ModelVariant base, List<EvaluationKey> keys,
                                Consumer<MaskedModelEvaluated> handOn) throws IOException {
        ScoringJob.Settings settings = ScoringJob.Settings.of(plan);
        var samples = plan.request().samples();
        Evaluator evaluator = new Evaluator(ForwardOptions.evaluation().withAlbertMaskMode(settings.albertMaskMode()));
        String location = models.location(plan, base);
        Provenance.Model modelProvenance = Provenances.model(location, models.directory(location));
        try (NDManager manager = Devices.newBaseManager();
             EncoderModel model = models.openLocation(location, manager);
             TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(() -> new IOException(
                     "model " + base + " of " + plan.experimentId() + " has no tokenizer.json")), settings.maxLength())) {
            int passes = model.config().numLayers();
            int heads = model.config().numHeads();
            Map<String, Task> loadedTasks = new HashMap<>();
            Map<String, List<? extends TaskBatch>> batchesByTask = new HashMap<>();
            Map<Ranking, dev.headcount.engine.pruning.Ranking> rankings = new HashMap<>();
            Map<String, Evaluation> byMask = new HashMap<>();
            Map<String, Provenance.Data> dataByTask = new HashMap<>();
            for (EvaluationKey key : keys) {
                String taskName = key.evaluatedTask();
                Task task = loadedTasks.get(taskName);
                if (task == null) {
                    task = tasks.load(TaskLoading.specOf(plan, taskName),
                            new LoadOptions(samples.trainCapOf(taskName), samples.devCap(), settings.seed()));
                    loadedTasks.put(taskName, task);
                    batchesByTask.put(taskName, TaskBatches.forTask(task.spec(), task.dev(), tokenizer,
                            settings.batchSize(), settings.seed()));
                    dataByTask.put(taskName, Provenances.data(TaskLoading.specOf(plan, taskName).toString(), "dev",
                            settings.seed(), task.dev()));
                }
                dev.headcount.engine.pruning.Ranking order = rankings.get(key.ranking());
                if (order == null) {
                    order = ranking(plan, key.ranking(), passes, heads);
                    rankings.put(key.ranking(), order);
                }
                List<dev.headcount.engine.pruning.HeadId> removed = order.leastImportant(key.fraction());
                HeadMask mask = HeadMask.without(passes, heads, removed);
                String maskKey = taskName + "\n" + mask.silenced();
                Evaluation evaluation = byMask.get(maskKey);
                if (evaluation == null) {
                    evaluation = evaluator.evaluate(model, task.spec(), batchesByTask.get(taskName), mask, null);
                    byMask.put(maskKey, evaluation);
                }
                Map<String, String> options = new LinkedHashMap<>();
                options.put("baseVariant", key.base().name());
                options.put("ranking", key.ranking().name());
                options.put("fraction", ModelVariant.formatFraction(key.fraction()));
                options.put("trainCap", Integer.toString(samples.trainCapOf(key.evaluatedTask())));
                options.put("devCap", Integer.toString(samples.devCap()));
                options.put("maxLength", Integer.toString(settings.maxLength()));
                options.put("batchSize", Integer.toString(settings.batchSize()));
                options.put("seed", Long.toString(settings.seed()));
                options.put("albertMask", settings.options().get("albertMask"));
                Provenance provenance = Provenances.of(modelProvenance, List.of(dataByTask.get(taskName)), options,
                        manager);
                MaskedModelEvaluated event = event(plan, key, task, evaluation, removed, provenance);
                writeEvaluation(event);
                handOn.accept(event);
            }
        }
    }

    static MaskedModelEvaluated event(ExperimentPlan plan, EvaluationKey key, Task task, Evaluation evaluation,
                                      List<dev.headcount.engine.pruning.HeadId> removed, Provenance provenance) {
        Map<String, Double> metrics = new TreeMap<>();
        for (Map.Entry<Metric, Double> m : evaluation.metrics().entrySet()) {
            metrics.put(m.getKey().id(), m.getValue());
        }
        return new MaskedModelEvaluated(plan.experimentId(), key.base(), key.ranking(), key.fraction(),
                key.evaluatedTask(), task.spec().primaryMetric().id(), metrics, evaluation.loss(),
                Math.toIntExact(evaluation.examples()), toEvents(removed), provenance,
                Predictions.of(evaluation.predictions()));
    }

    static List<HeadId> toEvents(List<dev.headcount.engine.pruning.HeadId> heads) {
        return heads.stream().map(h -> new HeadId(h.layer(), h.head())).toList();
    }

    static String evaluationName(Ranking ranking, double fraction, String task) {
        return EVALUATIONS + "/" + ranking.name().replace(':', '-') + "/" + ModelVariant.formatFraction(fraction) + "/"
                + task.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }

    private Optional<MaskedModelEvaluated> readEvaluation(ExperimentPlan plan, EvaluationKey key) throws IOException {
        Path file = store.localPath(store.uriOf(plan.experimentId(), key.base(),
                evaluationName(key.ranking(), key.fraction(), key.evaluatedTask())));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(EventJson.fromJson(Files.readString(file), MaskedModelEvaluated.class));
    }

    private void writeEvaluation(MaskedModelEvaluated event) throws IOException {
        store.write(event.experimentId(), event.baseVariant(),
                evaluationName(event.ranking(), event.fraction(), event.evaluatedTask()),
                EventJson.toJson(event).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The pre-trained model pruned by the pre-training ranking at each of the plan's fine-tune fractions, saved
     * (or found) in the store. Needs the pre-training map.
     */
    public List<PrunedModelReady> prunePretrained(ExperimentPlan plan, Consumer<Progress> progress) throws IOException {
        List<ModelVariant> variants = plan.prunedModels();
        List<PrunedModelReady> out = new ArrayList<>();
        if (variants.isEmpty()) {
            return out;
        }
        EncoderModel pretrained = null;
        try (NDManager manager = Devices.newBaseManager()) {
            for (ModelVariant variant : variants) {
                Path dir = store.localPath(ArtifactLayout.model(store, plan.experimentId(), variant));
                dev.headcount.engine.pruning.Ranking order;
                if (Files.isRegularFile(dir.resolve(ModelDirectory.CONFIG))) {
                    LOG.info("{}: {} exists, reusing it", plan.experimentId(), variant);
                    order = null;
                } else {
                    if (pretrained == null) {
                        pretrained = models.open(plan, ModelVariant.pretrained(), manager);
                    }
                    order = ranking(plan, variant.ranking(), pretrained.config().numLayers(),
                            pretrained.config().numHeads());
                    List<dev.headcount.engine.pruning.HeadId> heads = order.leastImportant(variant.fraction());
                    HeadPruner.Result pruned = HeadPruner.prune(pretrained, heads, manager);
                    try (EncoderModel smaller = pruned.model()) {
                        store.writeDirectory(plan.experimentId(), variant, ArtifactLayout.MODEL, into -> {
                            ModelDirectory.save(smaller, into);
                            if (!pruned.residualMask().isAllOnes()) {
                                EventJson.mapper().writeValue(into.resolve(RESIDUAL_MASK).toFile(),
                                        pruned.residualMask().values());
                            }
                        });
                    }
                    LOG.info("{}: saved {} ({} heads removed)", plan.experimentId(), variant, heads.size());
                }
                out.add(prunedEvent(plan, variant, order));
                if (progress != null) {
                    progress.accept(new Progress(plan.experimentId(), service, Stage.PRUNE, variant.name(), 1, 1,
                            "pruned " + variant));
                }
            }
        } finally {
            if (pretrained != null) {
                pretrained.close();
            }
        }
        return out;
    }

    private PrunedModelReady prunedEvent(ExperimentPlan plan, ModelVariant variant,
                                         dev.headcount.engine.pruning.Ranking order) throws IOException {
        if (order == null) {
            // the pre-training map (hence the ranking) has the model's shape: no need to open the model
            ImportanceMapFile map = ImportanceMapFile.read(store, plan.experimentId(), ModelVariant.pretrained(),
                    plan.pretrainingTask()).orElseThrow(() -> new IOException("experiment " + plan.experimentId()
                    + " has no pre-training map yet"));
            order = ranking(plan, variant.ranking(), map.layers(), map.heads());
        }
        String uri = ArtifactLayout.model(store, plan.experimentId(), variant).toString();
        return new PrunedModelReady(plan.experimentId(), variant.ranking(), variant.fraction(), uri,
                toEvents(order.leastImportant(variant.fraction())));
    }
}
