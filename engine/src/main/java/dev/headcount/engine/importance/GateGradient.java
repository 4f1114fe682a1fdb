package dev.headcount.engine.importance;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.headcount.engine.autograd.Autograd;
import dev.headcount.engine.autograd.Finite;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.objective.LossResult;
import dev.headcount.engine.objective.Objective;
import dev.headcount.engine.objective.TaskBatch;

/**
 * One backward pass: the loss of a batch and its gradient with respect to the head gates. New
 * gates are created for every call, so no gradient can leak from one batch into the next (the
 * defect of run_bertology, whose head_mask gradient is never zeroed).
 */
public final class GateGradient {

    /**
     * @param loss the batch-mean loss
     * @param gradient [G][passes][heads]: G = 1 for the batch-mean loss, G = B for per-example losses
     * @param valid per example, whether it has a loss (per-example only)
     */
    public record Result(float loss, float[][][] gradient, boolean[] valid, float[][] attentionEntropy,
                         long entropyTokens) {
    }

    private GateGradient() {
    }

    /**
     * @param gateValues [passes][heads] values of the gates (ones for importance; a head mask for inspection)
     * @param perExample give each example its own gates and differentiate the sum of per-example losses
     */
    public static Result compute(EncoderModel model, Objective objective, TaskBatch batch, float[][] gateValues,
                                 boolean perExample, ForwardOptions options) {
        if (perExample && !objective.separable()) {
            throw new IllegalArgumentException("the " + objective.name() + " loss does not split by example;"
                    + " use per-batch granularity");
        }
        int passes = gateValues.length;
        int heads = gateValues[0].length;
        int g = perExample ? batch.size() : 1;
        try (NDManager manager = model.newBatchManager()) {
            float[] flat = new float[g * passes * heads];
            for (int i = 0; i < g; i++) {
                for (int l = 0; l < passes; l++) {
                    System.arraycopy(gateValues[l], 0, flat, (i * passes + l) * heads, heads);
                }
            }
            NDArray gates = manager.create(flat, new Shape(g, passes, heads));
            gates.setRequiresGradient(true);
            float lossValue;
            boolean[] valid;
            LossResult loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = objective.loss(model, manager, batch, gates, options);
                NDArray target = perExample ? loss.perExample().sum() : loss.mean();
                Autograd.backward(collector, target, "loss of a scoring batch (" + batch.size() + " examples)");
                lossValue = loss.mean().getFloat();
                valid = loss.valid();
            }
            float[] grad = Finite.check(gates.getGradient().toFloatArray(), "head gate gradient",
                    i -> "[gate set " + i / (passes * heads) + ", pass " + i / heads % passes + ", head " + i % heads + "]");
            float[][][] out = new float[g][passes][heads];
            for (int i = 0; i < g; i++) {
                for (int l = 0; l < passes; l++) {
                    System.arraycopy(grad, (i * passes + l) * heads, out[i][l], 0, heads);
                }
            }
            return new Result(lossValue, out, valid, loss.attentionEntropy(), loss.entropyTokens());
        }
    }
}
