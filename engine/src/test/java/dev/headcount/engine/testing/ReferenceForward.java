package dev.headcount.engine.testing;

import java.util.List;

/**
 * Everything a reference forward pass computed, [batch][token][feature] unless stated.
 *
 * @param positionIds the position ids used
 * @param embeddingOutput after the embedding LayerNorm, width E (ALBERT: before the E→H mapping)
 * @param passes one trace per transformer pass, in order
 */
public record ReferenceForward(
        ReferenceInputs inputs,
        long[][] positionIds,
        double[][][] embeddingOutput,
        List<PassTrace> passes) {

    /**
     * One pass of the encoder.
     *
     * @param weightLayer the weight layer used (ALBERT: the group)
     * @param headMaskRow the head-mask row that gated this pass, -1 when there was no mask
     * @param headGates the gate applied to each head (original numbering; 1 without a mask)
     * @param input the pass's input hidden states, width H
     * @param attentionProbs [batch][head][query][key], softmax output <em>before</em> the head gate
     *     (transformers' {@code output_attentions} returns them after it); null for a physically pruned head
     * @param attentionOutput the attention sublayer output: LayerNorm(input + dense(context))
     * @param output the pass output: LayerNorm(attentionOutput + FFN(attentionOutput))
     */
    public record PassTrace(
            int weightLayer,
            int headMaskRow,
            double[] headGates,
            double[][][] input,
            double[][][][] attentionProbs,
            double[][][] attentionOutput,
            double[][][] output) {
    }

    /** The encoder output, [batch][token][H]. */
    public double[][][] lastHiddenState() {
        return passes.get(passes.size() - 1).output();
    }

    /** Attention probabilities of one pass, [batch][head][query][key], before the head gate. */
    public double[][][][] attentionProbs(int pass) {
        return passes.get(pass).attentionProbs();
    }
}
