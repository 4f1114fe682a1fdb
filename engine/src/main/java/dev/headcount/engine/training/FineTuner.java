package dev.headcount.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.headcount.engine.autograd.Autograd;
import dev.headcount.engine.autograd.NonFiniteException;
import dev.headcount.engine.autograd.Scalars;
import dev.headcount.engine.checkpoint.ExpectedTensors;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.evaluation.Evaluation;
import dev.headcount.engine.evaluation.Evaluator;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.Parameters;
import dev.headcount.engine.objective.LossResult;
import dev.headcount.engine.objective.Objective;
import dev.headcount.engine.objective.Objectives;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Fine-tunes a model on a task: AdamW, linear warm-up and decay, clipping by global norm, gradient
 * accumulation, dropout on while training, dev evaluation after each epoch (and every N steps),
 * best-or-last weights, optional early stopping. Under a head mask, masked heads stay silent (their
 * gates are 0 in every forward pass) and their weights do not change.
 *
 * <p>Seeded: the example order and dropout follow {@link TrainingConfig#seed()}, so one request
 * gives one learning curve on one machine.
 */
public final class FineTuner {

    private final TrainingConfig config;
    private final TrainingListener listener;

    public FineTuner(TrainingConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
    }

    /**
     * Trains the model in place and leaves it with the kept weights (best or last).
     *
     * @param model with the head the task needs (see {@link HeadInitializer})
     * @param mask head gates applied in training and evaluation (0 = masked), or null
     */
    public TrainingResult train(EncoderModel model, TaskSpec spec, TrainingBatches train,
                                List<? extends TaskBatch> dev, HeadMask mask) {
        checkHead(model, spec);
        Objective objective = Objectives.forKind(spec.kind());
        Metric primary = spec.primaryMetric();
        Parameters params = model.parameters();
        Set<String> trainable = trainableNames(model, spec.kind());
        Map<String, NDArray> weights = new LinkedHashMap<>();
        trainable.forEach(name -> weights.put(name, params.get(name)));
        weights.values().forEach(w -> w.setRequiresGradient(true));
        Engine.getInstance().setRandomSeed((int) config.seed());

        long totalSteps = config.totalSteps(train.batchesPerEpoch());
        LinearSchedule schedule = LinearSchedule.of(config.learningRate(), config.warmupFraction(), totalSteps);
        Evaluator evaluator = new Evaluator(ForwardOptions.evaluation());
        ForwardOptions training = ForwardOptions.training(true);
        HeadMask gates = mask == null || mask.isAllOnes() ? null : mask;

        List<Double> stepLosses = new ArrayList<>();
        List<TrainingResult.EvaluationPoint> evaluations = new ArrayList<>();
        TrainingResult.EvaluationPoint best = null;
        Map<String, HostTensor> bestWeights = null;
        long bestStep = 0;
        int evaluationsWithoutGain = 0;
        boolean stoppedEarly = false;
        long examples = 0;
        long trainingNanos = 0;

        try (AdamW optimizer = AdamW.of(params.manager(), config);
             FrozenHeads frozen = FrozenHeads.of(model, gates, params.manager())) {
            epochs:
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                List<? extends TaskBatch> batches = train.epoch(epoch);
                double stepLoss = 0;
                int inStep = 0;
                for (int i = 0; i < batches.size(); i++) {
                    long t0 = System.nanoTime();
                    TaskBatch batch = batches.get(i);
                    int remaining = batches.size() - (i - inStep);
                    int microBatches = Math.min(config.gradientAccumulation(), remaining);
                    String where = "step " + (optimizer.steps() + 1) + " (epoch " + (epoch + 1) + ", batch " + (i + 1) + ")";
                    if (Thread.currentThread().isInterrupted()) {
                        // a stopping worker handed the unit back (messaging's WorkRunner.stop): another replica
                        // trains it, so stop at the next batch rather than hold the accelerator until the exit
                        throw new CancellationException("fine-tune interrupted before " + where);
                    }
                    stepLoss += forwardBackward(model, objective, batch, gates, training, microBatches, where);
                    examples += batch.size();
                    inStep++;
                    boolean stepNow = inStep == microBatches;
                    if (stepNow) {
                        long step = optimizer.steps();
                        double lr = schedule.learningRate(step);
                        update(optimizer, weights, frozen, lr, model, where);
                        stepLosses.add(stepLoss / inStep);
                        trainingNanos += System.nanoTime() - t0;
                        listener.onEvent(new TrainingEvent(TrainingEvent.Kind.STEP, epoch, config.epochs(), step + 1,
                                totalSteps, examples, stepLoss / inStep, lr, examples / seconds(trainingNanos),
                                Map.of(), false));
                        stepLoss = 0;
                        inStep = 0;
                    } else {
                        trainingNanos += System.nanoTime() - t0;
                    }
                    boolean endOfEpoch = i == batches.size() - 1;
                    boolean periodic = stepNow && config.evalEverySteps() > 0
                            && optimizer.steps() % config.evalEverySteps() == 0;
                    if (stepNow && (endOfEpoch || periodic)) {
                        Evaluation e = evaluateAfter(evaluator, model, spec, dev, gates, where);
                        TrainingResult.EvaluationPoint point =
                                new TrainingResult.EvaluationPoint(epoch, optimizer.steps(), e);
                        evaluations.add(point);
                        boolean improved = best == null || better(e, best.evaluation(), primary);
                        if (improved) {
                            best = point;
                            evaluationsWithoutGain = 0;
                            if (config.keep() == KeepPolicy.BEST) {
                                bestWeights = snapshot(weights);
                                bestStep = optimizer.steps();
                            }
                        } else {
                            evaluationsWithoutGain++;
                        }
                        listener.onEvent(new TrainingEvent(TrainingEvent.Kind.EVALUATION, epoch, config.epochs(),
                                optimizer.steps(), totalSteps, examples, e.loss(), schedule.learningRate(
                                optimizer.steps()), examples / seconds(trainingNanos), e.metrics(), improved));
                        if (config.patience() > 0 && evaluationsWithoutGain >= config.patience()
                                && !(endOfEpoch && epoch == config.epochs() - 1)) {
                            stoppedEarly = true;
                            break epochs;
                        }
                    }
                }
            }
            long lastStep = optimizer.steps();
            TrainingResult.EvaluationPoint kept = config.keep() == KeepPolicy.BEST ? best
                    : evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
            release(model, weights, config.keep() == KeepPolicy.BEST ? bestWeights : null);
            double seconds = seconds(trainingNanos);
            return new TrainingResult(stepLosses, evaluations, kept,
                    config.keep() == KeepPolicy.BEST && bestWeights != null ? bestStep : lastStep, stoppedEarly,
                    seconds, examples / seconds);
        }
    }

    /** One micro-batch: forward with dropout, backward of loss/accumulation (gradients add up in the weights). */
    private static double forwardBackward(EncoderModel model, Objective objective, TaskBatch batch, HeadMask mask,
                                          ForwardOptions training, int microBatches, String where) {
        try (NDManager step = model.newBatchManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray gates = mask == null ? null : gates(step, mask);
            LossResult r = objective.loss(model, step, batch, gates, training);
            NDArray loss = microBatches > 1 ? Scalars.div(r.mean(), microBatches) : r.mean();
            Autograd.backward(collector, loss, "training loss of " + where);
            return r.mean().getFloat();
        }
    }

    /** Clip, step and zero the gradients; outside any gradient collector, so the in-place updates are allowed. */
    private void update(AdamW optimizer, Map<String, NDArray> weights, FrozenHeads frozen, double lr,
                        EncoderModel model, String where) {
        // recording off: on a worker thread PyTorch records by default, and nothing here is differentiated
        try (NDManager step = model.newBatchManager(); var off = Autograd.noGrad()) {
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            weights.forEach((name, w) -> {
                NDArray g = w.getGradient();
                g.attach(step);
                gradients.put(name, g);
            });
            frozen.maskGradients(gradients);
            GradientClipping.clip(gradients, config.maxGradNorm(), where);
            optimizer.step(weights, gradients, lr, frozen.updateMasks(), step);
            // PyTorch accumulates into .grad until told otherwise
            gradients.values().forEach(g -> Scalars.muli(g, 0));
        }
    }

    private static Evaluation evaluateAfter(Evaluator evaluator, EncoderModel model, TaskSpec spec,
                                            List<? extends TaskBatch> dev, HeadMask gates, String where) {
        try {
            return evaluator.evaluate(model, spec, dev, gates, null);
        } catch (NonFiniteException e) {
            throw new NonFiniteException("dev " + e.getMessage() + ", after training " + where);
        }
    }

    private static NDArray gates(NDManager m, HeadMask mask) {
        float[] flat = new float[mask.passes() * mask.heads()];
        for (int l = 0; l < mask.passes(); l++) {
            System.arraycopy(mask.values()[l], 0, flat, l * mask.heads(), mask.heads());
        }
        return m.create(flat, new Shape(1, mask.passes(), mask.heads()));
    }

    private static boolean better(Evaluation candidate, Evaluation best, Metric metric) {
        double c = candidate.metric(metric);
        double b = best.metric(metric);
        if (Double.isNaN(c)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return metric.higherIsBetter() ? c > b : c < b;
    }

    private static Map<String, HostTensor> snapshot(Map<String, NDArray> weights) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        weights.forEach((name, w) -> out.put(name, new HostTensor(w.getShape().getShape(), w.toFloatArray())));
        return out;
    }

    /**
     * Ends training: the weights become plain arrays again (no gradient buffers, no gradient
     * requirement), restored from {@code kept} when given.
     */
    private static void release(EncoderModel model, Map<String, NDArray> weights, Map<String, HostTensor> kept) {
        Parameters params = model.parameters();
        weights.forEach((name, w) -> {
            if (kept != null) {
                params.put(name, kept.get(name));
            } else {
                NDArray copy = w.duplicate();
                copy.setRequiresGradient(false);
                params.put(name, copy);
            }
        });
        model.rebind();
    }

    /** The parameters the task's loss depends on: not the MLM head for a downstream task, and vice versa. */
    static Set<String> trainableNames(EncoderModel model, TaskKind kind) {
        ExpectedTensors expected = ExpectedTensors.of(model.config());
        Set<String> names = new java.util.LinkedHashSet<>(model.parameters().names());
        if (kind == TaskKind.MLM_TEXT) {
            names.removeAll(expected.pooler().keySet());
            names.removeAll(expected.classifier().keySet());
        } else if (kind != TaskKind.CONTRASTIVE_PAIRS) {
            names.removeAll(expected.mlmHead().keySet());
        } else {
            names.removeAll(expected.mlmHead().keySet());
            names.removeAll(expected.pooler().keySet());
            names.removeAll(expected.classifier().keySet());
        }
        return names;
    }

    private static void checkHead(EncoderModel model, TaskSpec spec) {
        int needed = spec.kind().isClassification() ? spec.labels().size() : spec.kind() == TaskKind.REGRESSION ? 1 : 0;
        if (needed > 0 && (model.classifier().isEmpty() || model.config().numLabels() != needed)) {
            throw new IllegalArgumentException("task " + spec.name() + " needs a head with " + needed
                    + " output(s) but the model has " + model.config().numLabels()
                    + " (add one with HeadInitializer.withClassifier)");
        }
    }

    private static double seconds(long nanos) {
        return Math.max(1e-9, nanos / 1e9);
    }
}
