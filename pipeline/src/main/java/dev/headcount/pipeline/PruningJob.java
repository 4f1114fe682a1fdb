package dev.headcount.pipeline;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
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
import dev.headcount.events.HeadId;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.Predictions;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Provenance;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Ranking;
import dev.headcount.events.Stage;
import dev.headcount.events.WorkUnit;
import dev.headcount.metrics.Metric;
import dev.headcount.pipeline.cache.WorkerCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pruner's units of work ({@link WorkUnit}), one at a time, as {@link PruningWorker} receives them.
 *
 * <p><b>A pruned model</b> ({@link #prune}, a {@link WorkUnit.Kind#PRUNE} unit, handed out once the pre-training map
 * is in): the pre-trained model loses the pre-training ranking's {@code round(fraction × heads)} least important
 * heads physically ({@link HeadPruner}) and is saved at {@link ArtifactLayout#model}. ALBERT heads that are pruned
 * in some passes only cannot be removed from the shared layer: they stay in the checkpoint and their gates are
 * written to {@value #RESIDUAL_MASK} beside it ([passes][heads], 0 = masked).
 *
 * <p><b>Masked evaluations</b> ({@link #evaluate}, a {@link WorkUnit.Kind#EVALUATE} unit: one curve, base model ×
 * ranking × evaluated task over the unit's fractions, handed out once its base model and its ranking's map are in):
 * the ranking orders the heads (a task ranking by that task's normalised importance map, least important first;
 * {@code random:<seed>} by a Fisher-Yates shuffle with that seed); each point masks the first
 * {@code round(fraction × heads)} of them on the base model and evaluates the evaluated task's <b>dev</b> split
 * (loaded as fine-tuning loads it: train capped at {@code samples.trainCap}, dev at {@code samples.devCap}, the
 * request's seed), with the task's metrics. The model and the dev data are loaded once per unit, and identical
 * masks (fractions that round to the same number of heads) are evaluated once. A point's event depends on its
 * {@link EvaluationKey} only, so a curve cut per fraction ({@link dev.headcount.events.WorkPlan.EvaluationGrain})
 * yields the same events.
 *
 * <p>Idempotent, per unit: each point is stored as its event's JSON under the base variant
 * ({@link #evaluationName}) and read back instead of evaluated again; an existing pruned checkpoint is reused.
 * Running a unit again returns the same events (same ids, same values) and says it was {@code reused}.
 */
public final class PruningJob {
    private static final Logger LOG = LoggerFactory.getLogger(PruningJob.class);
    public static final String RESIDUAL_MASK = "head_mask.json";
    static final String EVALUATIONS = "evaluations";

    /** A prune unit's result: its event, and whether the checkpoint was already stored. */
    public record Pruned(PrunedModelReady event, boolean reused) {
    }

    /** An evaluate unit's result: one event per fraction of the unit, in its order; reused when all were stored. */
    public record Evaluated(List<MaskedModelEvaluated> events, boolean reused) {
    }

    private final ArtifactStore store;
    private final TaskLoading tasks;
    private final ModelOpener models;
    private final UnitInputs inputs;
    private final String service;

    /** A job that keeps nothing from one unit to the next ({@link WorkerCache#disabled()}). */
    public PruningJob(ArtifactStore store, TaskLoading tasks, String service) {
        this(store, tasks, WorkerCache.disabled(), service);
    }

    /** A job whose units take their model, task and batches from {@code cache} (shared with the worker's other jobs). */
    public PruningJob(ArtifactStore store, TaskLoading tasks, WorkerCache cache, String service) {
        this.store = store;
        this.tasks = tasks;
        this.models = new ModelOpener(store);
        this.inputs = new UnitInputs(cache, models, tasks);
        this.service = service;
    }

    /** The ranking of the heads as the engine orders them, least important first. */
    public dev.headcount.engine.pruning.Ranking ranking(ExperimentPlan plan, Ranking ranking, int passes, int heads)
            throws IOException {
        if (ranking.isRandom()) {
            return dev.headcount.engine.pruning.Ranking.random(ranking.seed(), passes, heads);
        }
        return dev.headcount.engine.pruning.Ranking.byImportance(ranking.name(), map(plan, ranking).normalizedImportance());
    }

    /**
     * The stored map a task ranking is taken from. Missing is an {@link IOException} (retried): the planner hands
     * a unit out only after its map was announced, so a missing file is a store that has not caught up (or lost it).
     */
    private ImportanceMapFile map(ExperimentPlan plan, Ranking ranking) throws IOException {
        ModelVariant variant = plan.modelFor(ranking.task());
        return ImportanceMapFile.read(store, plan.experimentId(), variant, ranking.task())
                .orElseThrow(() -> new IOException("experiment " + plan.experimentId() + " has no importance map of "
                        + ranking.task() + " on " + variant + " yet (" + ArtifactLayout.importanceMap(store,
                        plan.experimentId(), variant, ranking.task()) + ")"));
    }

    /**
     * The points of an evaluate unit, one per fraction in the unit's order. A unit of another kind, or a point the
     * plan does not have, is an {@link IllegalArgumentException} naming the experiment and the unit.
     */
    public static List<EvaluationKey> points(ExperimentPlan plan, WorkUnit unit) {
        if (unit.kind() != WorkUnit.Kind.EVALUATE) {
            throw new IllegalArgumentException("unit " + unit.id() + " of experiment " + plan.experimentId()
                    + " is a " + unit.kind().label() + " unit, not an evaluate unit");
        }
        Set<EvaluationKey> planned = new HashSet<>(plan.evaluations());
        List<EvaluationKey> keys = new ArrayList<>();
        for (double fraction : unit.fractions()) {
            EvaluationKey key = new EvaluationKey(unit.variant(), unit.ranking(), fraction, unit.task());
            if (!planned.contains(key)) {
                throw new IllegalArgumentException("experiment " + plan.experimentId() + " has no evaluation of "
                        + unit.task() + " on " + unit.variant() + " pruned by " + unit.ranking() + " at "
                        + ModelVariant.formatFraction(fraction) + " in its plan (unit " + unit.id() + ")");
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * Runs an evaluate unit: stored points are read back, the others computed and stored; each event is handed to
     * {@code sink} as soon as it is known (stored ones first), with a {@link Progress} per point (subject: the
     * unit's id, so that the counts of concurrent units do not mix). Either consumer may be {@code null}.
     */
    public Evaluated evaluate(ExperimentPlan plan, WorkUnit unit, Consumer<MaskedModelEvaluated> sink,
                              Consumer<Progress> progress) throws IOException {
        List<EvaluationKey> keys = points(plan, unit);
        ImportanceMapFile rankedBy = unit.ranking().isRandom() ? null : map(plan, unit.ranking());
        Map<EvaluationKey, MaskedModelEvaluated> known = new HashMap<>();
        int[] done = {0};
        Consumer<MaskedModelEvaluated> handOn = event -> {
            if (sink != null) {
                sink.accept(event);
            }
            done[0]++;
            if (progress != null) {
                progress.accept(new Progress(plan.experimentId(), service, Stage.EVALUATE, unit.id(), done[0],
                        keys.size(), "evaluated " + event.baseVariant() + " without " + event.headsRemoved().size()
                        + " heads (" + event.ranking() + " at " + ModelVariant.formatFraction(event.fraction())
                        + ") on " + event.evaluatedTask()));
            }
        };
        List<EvaluationKey> todo = new ArrayList<>();
        for (EvaluationKey key : keys) {
            Optional<MaskedModelEvaluated> stored = readEvaluation(plan, key);
            if (stored.isPresent()) {
                known.put(key, stored.get());
                handOn.accept(stored.get());
            } else {
                todo.add(key);
            }
        }
        if (!todo.isEmpty()) {
            LOG.info("{}: {}: evaluating {} of {} points", plan.experimentId(), unit.id(), todo.size(), keys.size());
            evaluatePoints(plan, unit, rankedBy, todo, event -> {
                known.put(new EvaluationKey(event.baseVariant(), event.ranking(), event.fraction(),
                        event.evaluatedTask()), event);
                handOn.accept(event);
            });
        }
        return new Evaluated(keys.stream().map(known::get).toList(), todo.isEmpty());
    }

    private void evaluatePoints(ExperimentPlan plan, WorkUnit unit, ImportanceMapFile rankedBy,
                                List<EvaluationKey> keys, Consumer<MaskedModelEvaluated> handOn) throws IOException {
        ScoringJob.Settings settings = ScoringJob.Settings.of(plan);
        var samples = plan.request().samples();
        String taskName = unit.task();
        Evaluator evaluator = new Evaluator(ForwardOptions.evaluation().withAlbertMaskMode(settings.albertMaskMode()));
        String location = models.location(plan, unit.variant());
        Provenance.Model modelProvenance = Provenances.model(location, models.directory(location));
        try (WorkerCache.Lease lease = inputs.model(location, modelProvenance)) {
            EncoderModel model = lease.model();
            NDManager manager = lease.manager();
            int passes = model.config().numLayers();
            int heads = model.config().numHeads();
            dev.headcount.engine.pruning.Ranking order = rankedBy == null
                    ? dev.headcount.engine.pruning.Ranking.random(unit.ranking().seed(), passes, heads)
                    : dev.headcount.engine.pruning.Ranking.byImportance(unit.ranking().name(),
                    rankedBy.normalizedImportance());
            // loaded as fine-tuning loads it (train capped too), so that the dev sample is the same
            LoadOptions loadOptions = new LoadOptions(samples.trainCapOf(taskName), samples.devCap(), settings.seed());
            Task task = inputs.task(TaskLoading.specOf(plan, taskName), loadOptions);
            List<? extends TaskBatch> batches = inputs.batches(TaskLoading.specOf(plan, taskName), loadOptions, task,
                    Task.DEV, lease, modelProvenance, unit.variant() + " of " + plan.experimentId(),
                    settings.maxLength(), settings.batchSize(), settings.seed());
            Provenance.Data data = Provenances.data(TaskLoading.specOf(plan, taskName).toString(), "dev",
                    settings.seed(), task.dev());
            Map<String, Evaluation> byMask = new HashMap<>();
            for (EvaluationKey key : keys) {
                List<dev.headcount.engine.pruning.HeadId> removed = order.leastImportant(key.fraction());
                HeadMask mask = HeadMask.without(passes, heads, removed);
                Evaluation evaluation = byMask.get(mask.silenced().toString());
                if (evaluation == null) {
                    evaluation = evaluator.evaluate(model, task.spec(), batches, mask, null);
                    byMask.put(mask.silenced().toString(), evaluation);
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
                Provenance provenance = Provenances.of(modelProvenance, List.of(data), options, manager);
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
     * Runs a prune unit: the pre-trained model pruned by the pre-training ranking at the unit's fraction, saved in
     * the store, or the stored checkpoint reused. A unit of another kind, or a pruned model the plan does not have,
     * is an {@link IllegalArgumentException} naming the experiment and the unit; a missing pre-training map an
     * {@link IOException}. {@code progress} may be {@code null}.
     */
    public Pruned prune(ExperimentPlan plan, WorkUnit unit, Consumer<Progress> progress) throws IOException {
        if (unit.kind() != WorkUnit.Kind.PRUNE) {
            throw new IllegalArgumentException("unit " + unit.id() + " of experiment " + plan.experimentId()
                    + " is a " + unit.kind().label() + " unit, not a prune unit");
        }
        ModelVariant variant = unit.variant();
        if (!plan.prunedModels().contains(variant)) {
            throw new IllegalArgumentException("experiment " + plan.experimentId() + " has no pruned model " + variant
                    + " in its plan (its pruned models: " + plan.prunedModels() + "; unit " + unit.id() + ")");
        }
        // the pre-training map (hence the ranking) has the model's shape: no need to open the model to rank
        ImportanceMapFile map = map(plan, variant.ranking());
        dev.headcount.engine.pruning.Ranking order = dev.headcount.engine.pruning.Ranking.byImportance(
                variant.ranking().name(), map.normalizedImportance());
        List<dev.headcount.engine.pruning.HeadId> heads = order.leastImportant(variant.fraction());
        Path dir = store.localPath(ArtifactLayout.model(store, plan.experimentId(), variant));
        boolean reused = Files.isRegularFile(dir.resolve(ModelDirectory.CONFIG));
        if (reused) {
            LOG.info("{}: {} exists, reusing it", plan.experimentId(), variant);
        } else {
            // the pre-trained model is only read (its weights copied to the host): it may come from the cache
            String location = models.location(plan, ModelVariant.pretrained());
            Provenance.Model pretrainedProvenance = Provenances.model(location, models.directory(location));
            try (WorkerCache.Lease pretrained = inputs.model(location, pretrainedProvenance);
                 NDManager manager = Devices.newBaseManager()) {
                HeadPruner.Result pruned = HeadPruner.prune(pretrained.model(), heads, manager);
                try (EncoderModel smaller = pruned.model()) {
                    store.writeDirectory(plan.experimentId(), variant, ArtifactLayout.MODEL, into -> {
                        ModelDirectory.save(smaller, into);
                        if (!pruned.residualMask().isAllOnes()) {
                            EventJson.mapper().writeValue(into.resolve(RESIDUAL_MASK).toFile(),
                                    pruned.residualMask().values());
                        }
                    });
                }
            }
            LOG.info("{}: saved {} ({} heads removed)", plan.experimentId(), variant, heads.size());
        }
        if (progress != null) {
            progress.accept(new Progress(plan.experimentId(), service, Stage.PRUNE, variant.name(), 1, 1,
                    "pruned " + variant));
        }
        String uri = ArtifactLayout.model(store, plan.experimentId(), variant).toString();
        return new Pruned(new PrunedModelReady(plan.experimentId(), variant.ranking(), variant.fraction(), uri,
                toEvents(heads)), reused);
    }
}
