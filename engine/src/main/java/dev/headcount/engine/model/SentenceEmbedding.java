package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import dev.headcount.engine.autograd.Scalars;

/** Sentence-transformers' mean pooling over real tokens, then L2 normalisation. */
public final class SentenceEmbedding {

    private SentenceEmbedding() {
    }

    /** Mean of the hidden states of real tokens: [B, H]. */
    public static NDArray meanPool(NDArray lastHidden, NDArray attentionMask) {
        NDArray mask = attentionMask.expandDims(2);
        NDArray summed = lastHidden.mul(mask).sum(new int[] {1});
        NDArray counts = Scalars.atLeast(mask.sum(new int[] {1}), 1e-9f);
        return summed.div(counts);
    }

    /** Mean pooling then division by the L2 norm (clamped as torch.nn.functional.normalize does). */
    public static NDArray embed(NDArray lastHidden, NDArray attentionMask) {
        NDArray pooled = meanPool(lastHidden, attentionMask);
        NDArray norm = Scalars.atLeast(pooled.square().sum(new int[] {1}, true).sqrt(), 1e-12f);
        return pooled.div(norm);
    }
}
