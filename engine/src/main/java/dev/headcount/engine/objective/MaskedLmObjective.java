package dev.headcount.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.headcount.engine.autograd.Scalars;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.MlmHead;

/**
 * Masked-LM cross-entropy over masked positions. The vocabulary projection runs only on masked
 * positions, which is what makes MLM scoring affordable. The batch mean averages over all masked
 * tokens (as transformers does); an example's own loss averages over its own masked tokens.
 */
public final class MaskedLmObjective implements Objective {

    @Override
    public String name() {
        return "mlm";
    }

    @Override
    public boolean separable() {
        return true;
    }

    @Override
    public LossResult loss(EncoderModel model, NDManager manager, TaskBatch batch, NDArray gates,
                           ForwardOptions options) {
        TaskBatch.MaskedLm b = (TaskBatch.MaskedLm) batch;
        EncoderOutput out = model.encode(manager, b.tokens(), gates, options);
        int rows = b.size();
        int n = 0;
        boolean[] valid = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            valid[r] = b.maskedCount(r) > 0;
            n += b.maskedCount(r);
        }
        if (n == 0) {
            NDArray zero = Scalars.mul(out.lastHiddenState().sum(), 0f);
            return LossResult.of(zero, zero.broadcast(rows), valid, null, b.tokens(), out);
        }
        Masked masked = maskedTokenLosses(model.requireMlmHead(), out.lastHiddenState(), b.labels(), manager);
        float[] averaging = new float[rows * n]; // [B, N]: row r averages r's own masked tokens
        int i = 0;
        for (int r = 0; r < rows; r++) {
            int count = b.maskedCount(r);
            for (int k = 0; k < count; k++) {
                averaging[r * n + i++] = 1f / count;
            }
        }
        NDArray perToken = masked.losses();
        NDArray logits = masked.logits();
        NDArray perExample = manager.create(averaging, new Shape(rows, n)).matMul(perToken.reshape(n, 1)).reshape(rows);
        return LossResult.of(perToken.mean(), perExample, valid, logits, b.tokens(), out);
    }

    /** Logits [N, V] and cross-entropies [N] at the labelled positions, in row-major order. */
    public record Masked(NDArray logits, NDArray losses) {
    }

    /** Runs the MLM head only where labels are not -100 (the vocabulary projection is the costly part). */
    public static Masked maskedTokenLosses(MlmHead head, NDArray lastHidden, long[][] labels, NDManager manager) {
        int length = labels[0].length;
        int n = 0;
        for (long[] row : labels) {
            for (long label : row) {
                n += label != MlmMasking.IGNORE ? 1 : 0;
            }
        }
        long[] rowsOfFlat = new long[n];
        long[] targets = new long[n];
        int i = 0;
        for (int r = 0; r < labels.length; r++) {
            for (int t = 0; t < length; t++) {
                if (labels[r][t] != MlmMasking.IGNORE) {
                    rowsOfFlat[i] = (long) r * length + t;
                    targets[i++] = labels[r][t];
                }
            }
        }
        long hidden = lastHidden.getShape().get(2);
        NDArray masked = lastHidden.reshape(-1, hidden).get(manager.create(rowsOfFlat));
        NDArray logits = head.logits(masked);
        return new Masked(logits, Objective.crossEntropyRows(logits, manager.create(targets)));
    }
}
