package dev.headcount.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.ForwardOptions;

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
        int length = b.tokens().length();
        boolean[] selected = new boolean[rows * length];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < length; t++) {
                if (b.labels()[r][t] != MlmMasking.IGNORE) {
                    selected[r * length + t] = true;
                    n++;
                }
            }
        }
        long[] targets = new long[n];
        float[] averaging = new float[rows * n]; // [B, N]: row b averages b's masked tokens
        boolean[] valid = new boolean[rows];
        int i = 0;
        for (int r = 0; r < rows; r++) {
            int count = b.maskedCount(r);
            valid[r] = count > 0;
            for (int t = 0; t < length; t++) {
                if (b.labels()[r][t] != MlmMasking.IGNORE) {
                    targets[i] = b.labels()[r][t];
                    averaging[r * n + i] = 1f / count;
                    i++;
                }
            }
        }
        if (n == 0) {
            NDArray zero = out.lastHiddenState().sum().mul(0f);
            return LossResult.of(zero, zero.broadcast(rows), valid, null, b.tokens(), out);
        }
        long hidden = out.lastHiddenState().getShape().get(2);
        NDArray masked = out.lastHiddenState().reshape(-1, hidden).booleanMask(manager.create(selected));
        NDArray logits = model.requireMlmHead().logits(masked);
        NDArray perToken = Objective.crossEntropyRows(logits, manager.create(targets));
        NDArray perExample = manager.create(averaging, new Shape(rows, n)).matMul(perToken.reshape(n, 1)).reshape(rows);
        return LossResult.of(perToken.mean(), perExample, valid, logits, b.tokens(), out);
    }
}
