package dev.headcount.engine.objective;

import ai.djl.ndarray.NDArray;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.TokenBatch;

/**
 * The loss of one batch.
 *
 * @param mean the batch-mean loss (as transformers computes it)
 * @param perExample [B] each example's own loss, or null where the loss does not split by example
 * @param valid which examples have a defined loss (e.g. an MLM row with no masked token has none)
 * @param predictions the outputs metrics need: classification logits [B, C], regression outputs [B],
 *     MLM logits at masked positions [N, V], or the similarity matrix [B, B] of a contrastive batch
 * @param attentionEntropy [passes][heads] entropy sums over real query tokens, if the forward pass recorded them
 * @param entropyTokens the number of real query tokens behind those sums
 */
public record LossResult(NDArray mean, NDArray perExample, boolean[] valid, NDArray predictions,
                         float[][] attentionEntropy, long entropyTokens) {

    static LossResult of(NDArray mean, NDArray perExample, boolean[] valid, NDArray predictions,
                         TokenBatch tokens, EncoderOutput... outputs) {
        float[][] entropy = null;
        long count = 0;
        for (EncoderOutput out : outputs) {
            if (out.attentionEntropy() == null) {
                continue;
            }
            if (entropy == null) {
                entropy = new float[out.attentionEntropy().length][out.attentionEntropy()[0].length];
            }
            for (int l = 0; l < entropy.length; l++) {
                for (int h = 0; h < entropy[l].length; h++) {
                    entropy[l][h] += out.attentionEntropy()[l][h];
                }
            }
            count += (long) out.attentionMask().sum().getFloat();
        }
        return new LossResult(mean, perExample, valid, predictions, entropy, count);
    }
}
