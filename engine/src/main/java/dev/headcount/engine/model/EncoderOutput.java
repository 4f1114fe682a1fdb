package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * What the encoder produces for one batch. Arrays live in the batch's manager.
 *
 * @param embeddingOutput after the embedding LayerNorm (ALBERT: before the projection to the hidden width)
 * @param lastHiddenState [B, T, H]
 * @param attentionMask [B, T] as float32 (1 = real token)
 * @param attentionEntropy [passes][heads] sums of attention entropy over real query tokens, original
 *     head numbering (0 for removed heads); null unless requested
 */
public record EncoderOutput(NDArray embeddingOutput, NDArray lastHiddenState, NDArray attentionMask,
                            float[][] attentionEntropy) {
}
