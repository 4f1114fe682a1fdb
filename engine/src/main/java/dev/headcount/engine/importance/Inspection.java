package dev.headcount.engine.importance;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.headcount.engine.autograd.Autograd;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.MaskedLmObjective;
import dev.headcount.engine.objective.Objective;
import dev.headcount.engine.pruning.HeadMask;

/**
 * Everything the engine computes for one batch, in plain arrays, so that its numbers can be
 * compared with another implementation (the {@code inspect} command).
 */
public final class Inspection {

    /**
     * Which head produces logits and the loss. {@code NONE}: the encoder alone (a checkpoint without a
     * task head, e.g. a sentence-embedding model): embeddings, hidden states and attention entropy only.
     */
    public enum Head { MLM, CLASSIFICATION, NONE }

    /**
     * @param mlmLabels [B][T] with -100 where unlabelled (MLM) — or null
     * @param classLabels [B] (classification) — or null
     * @param positions [N][2] (row, column) where MLM logits are reported — or null
     */
    public record Request(TokenBatch tokens, Head head, long[][] mlmLabels, long[] classLabels, int[][] positions,
                          HeadMask mask, ForwardOptions options) {
    }

    /**
     * Fields are null where they do not apply (no labels: no loss and no gradient). Entropy is the
     * mean per real query token, in nats.
     */
    public record Result(float[][][] embeddingOutput, float[][][] lastHiddenState, float[][] logits, Float loss,
                         float[][] headGateGradient, float[][] headImportance, double[][] headImportanceNormalized,
                         double[][] attentionEntropy) {
    }

    private Inspection() {
    }

    public static Result run(EncoderModel model, Request r) {
        int passes = model.config().numLayers();
        int heads = model.config().numHeads();
        HeadMask mask = r.mask() == null ? HeadMask.ones(passes, heads) : r.mask();
        if (mask.passes() != passes || mask.heads() != heads) {
            throw new IllegalArgumentException("head_mask has shape [" + mask.passes() + ", " + mask.heads()
                    + "] but the model has " + passes + " layers of " + heads + " heads");
        }
        boolean hasLoss = switch (r.head()) {
            case MLM -> r.mlmLabels() != null;
            case CLASSIFICATION -> r.classLabels() != null;
            case NONE -> false;
        };
        ForwardOptions options = r.options().withAttentionEntropy(true);
        try (NDManager m = model.newBatchManager()) {
            NDArray gates = m.create(flatten(mask.values()), new Shape(1, passes, heads));
            gates.setRequiresGradient(hasLoss);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                EncoderOutput out = model.encode(m, r.tokens(), gates, options);
                NDArray logits = logits(model, out, r, m);
                NDArray loss = !hasLoss ? null : r.head() == Head.MLM
                        ? MaskedLmObjective.maskedTokenLosses(model.requireMlmHead(), out.lastHiddenState(),
                                r.mlmLabels(), m).losses().mean()
                        : classificationLoss(logits, r.classLabels(), m);
                float[][] gradient = null;
                float[][] importance = null;
                double[][] normalized = null;
                if (loss != null) {
                    Autograd.backward(collector, loss, "loss");
                    gradient = reshape(gates.getGradient().toFloatArray(), passes, heads);
                    importance = new float[passes][heads];
                    double[][] abs = new double[passes][heads];
                    for (int l = 0; l < passes; l++) {
                        for (int h = 0; h < heads; h++) {
                            importance[l][h] = Math.abs(gradient[l][h]);
                            abs[l][h] = importance[l][h];
                        }
                    }
                    normalized = Normalization.DEFAULT.apply(abs);
                }
                long tokens = r.tokens().realTokens();
                double[][] entropy = new double[passes][heads];
                for (int l = 0; l < passes; l++) {
                    for (int h = 0; h < heads; h++) {
                        entropy[l][h] = out.attentionEntropy()[l][h] / tokens;
                    }
                }
                return new Result(cube(out.embeddingOutput()), cube(out.lastHiddenState()),
                        logits == null ? null : matrix(logits), loss == null ? null : loss.getFloat(), gradient,
                        importance, normalized, entropy);
            }
        }
    }

    private static NDArray logits(EncoderModel model, EncoderOutput out, Request r, NDManager m) {
        if (r.head() == Head.NONE) {
            return null;
        }
        if (r.head() == Head.CLASSIFICATION) {
            return model.requireClassifier().logits(out, r.options().training());
        }
        NDArray hidden = out.lastHiddenState();
        if (r.positions() == null || r.positions().length == 0) {
            model.requireMlmHead();
            return null;
        }
        long h = hidden.getShape().get(2);
        long t = hidden.getShape().get(1);
        long[] flatIndex = new long[r.positions().length];
        for (int i = 0; i < flatIndex.length; i++) {
            flatIndex[i] = r.positions()[i][0] * t + r.positions()[i][1];
        }
        NDArray rows = hidden.reshape(-1, h).get(m.create(flatIndex));
        return model.requireMlmHead().logits(rows);
    }

    /** Cross-entropy, or MSE for a one-output (regression) head, as transformers picks by num_labels. */
    private static NDArray classificationLoss(NDArray logits, long[] labels, NDManager m) {
        NDArray target = m.create(labels);
        return logits.getShape().get(1) == 1
                ? logits.reshape(-1).sub(target.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)).square().mean()
                : Objective.crossEntropyRows(logits, target).mean();
    }

    private static float[] flatten(float[][] v) {
        float[] f = new float[v.length * v[0].length];
        for (int i = 0; i < v.length; i++) {
            System.arraycopy(v[i], 0, f, i * v[0].length, v[0].length);
        }
        return f;
    }

    private static float[][] reshape(float[] flat, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }

    private static float[][] matrix(NDArray a) {
        Shape s = a.getShape();
        return reshape(a.toFloatArray(), (int) s.get(0), (int) s.get(1));
    }

    private static float[][][] cube(NDArray a) {
        Shape s = a.getShape();
        float[] flat = a.toFloatArray();
        int b = (int) s.get(0);
        int t = (int) s.get(1);
        int w = (int) s.get(2);
        float[][][] out = new float[b][t][w];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                System.arraycopy(flat, (i * t + j) * w, out[i][j], 0, w);
            }
        }
        return out;
    }
}
