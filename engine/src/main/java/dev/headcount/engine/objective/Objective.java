package dev.headcount.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;

/** A task's loss on a model, differentiable with respect to the head gates. */
public interface Objective {

    String name();

    /**
     * Whether each example's loss depends on that example alone. Only then can one backward pass
     * with per-example gates give every example's own gate gradient; the in-batch contrastive loss
     * is not separable (each row's negatives are the other rows).
     */
    boolean separable();

    /**
     * @param gates [G, passes, heads] with G = 1 or the batch size, or null
     */
    LossResult loss(EncoderModel model, NDManager manager, TaskBatch batch, NDArray gates, ForwardOptions options);

    /** Cross-entropy of each row of logits [N, C] against integer targets: [N]. */
    static NDArray crossEntropyRows(NDArray logits, NDArray targets) {
        long n = logits.getShape().get(0);
        return logits.logSoftmax(-1).gather(targets.reshape(n, 1), 1).reshape(n).neg();
    }
}
