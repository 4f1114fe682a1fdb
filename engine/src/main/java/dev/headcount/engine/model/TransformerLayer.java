package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import dev.headcount.engine.autograd.Scalars;

/**
 * One post-LayerNorm transformer layer (BERT, RoBERTa and ALBERT share this math; only the
 * weight names differ). Heads may have been removed physically, so a layer knows which of the
 * original heads it still has.
 */
public record TransformerLayer(LinearLayer query, LinearLayer key, LinearLayer value,
                               LinearLayer attentionOutput, Norm attentionNorm,
                               LinearLayer intermediate, LinearLayer output, Norm outputNorm,
                               int[] keptHeads, int headSize, Activation activation,
                               float hiddenDropout, float attentionDropout) {

    static TransformerLayer of(Parameters p, HfNames.LayerNames n, ModelConfig c, int weightLayer) {
        float eps = c.layerNormEps();
        return new TransformerLayer(LinearLayer.of(p, n.query()), LinearLayer.of(p, n.key()),
                LinearLayer.of(p, n.value()), LinearLayer.of(p, n.attentionOutput()),
                Norm.of(p, n.attentionNorm(), eps), LinearLayer.of(p, n.intermediate()),
                LinearLayer.of(p, n.output()), Norm.of(p, n.outputNorm(), eps), c.keptHeads(weightLayer),
                c.headSize(), c.hiddenAct(), c.hiddenDropout(), c.attentionDropout());
    }

    /**
     * @param x [B, T, H]
     * @param additiveMask [B, 1, 1, T]: 0 for real keys, the most negative float for padding
     * @param gate [G, kept heads, 1, 1] multiplying attention probabilities (G = 1 or B), or null
     * @param entropy receives per-kept-head entropy sums over real queries, or null
     */
    NDArray forward(NDArray x, NDArray additiveMask, NDArray queryMask, NDArray gate, boolean training,
                    float[] entropy) {
        NDArray attended = keptHeads.length == 0
                // every head removed: the attention sublayer reduces to its output bias
                ? x.zerosLike().add(attentionOutput.bias())
                : attention(x, additiveMask, queryMask, gate, training, entropy);
        NDArray h = attentionNorm.apply(dropout(attended, hiddenDropout, training).add(x));
        NDArray ffn = output.apply(activation.apply(intermediate.apply(h)));
        return outputNorm.apply(dropout(ffn, hiddenDropout, training).add(h));
    }

    private NDArray attention(NDArray x, NDArray additiveMask, NDArray queryMask, NDArray gate,
                              boolean training, float[] entropy) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int k = keptHeads.length;
        NDArray q = split(query.apply(x), b, t, k);
        NDArray kk = split(key.apply(x), b, t, k);
        NDArray v = split(value.apply(x), b, t, k);
        NDArray scores = Scalars.div(q.matMul(kk.transpose(0, 1, 3, 2)), (float) Math.sqrt(headSize)).add(additiveMask);
        NDArray probs = scores.softmax(-1);
        if (entropy != null) {
            accumulateEntropy(probs, queryMask, entropy);
        }
        probs = dropout(probs, attentionDropout, training);
        if (gate != null) {
            probs = probs.mul(gate);
        }
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) k * headSize);
        return attentionOutput.apply(context);
    }

    private NDArray split(NDArray projected, long b, long t, int k) {
        return projected.reshape(b, t, k, headSize).transpose(0, 2, 1, 3);
    }

    private static void accumulateEntropy(NDArray probs, NDArray queryMask, float[] entropy) {
        NDArray p = probs.stopGradient();
        // 0 log 0 = 0: clipping only changes the log of zeros, which are multiplied by zero
        NDArray perQuery = p.mul(Scalars.atLeast(p, Float.MIN_NORMAL).log()).sum(new int[] {-1}).neg();
        NDArray sums = perQuery.mul(queryMask.expandDims(1)).sum(new int[] {0, 2});
        float[] values = sums.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            entropy[i] += values[i];
        }
    }

    private static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    /** The shape a gate for this layer must have for a batch of {@code g} gate sets. */
    Shape gateShape(long g) {
        return new Shape(g, keptHeads.length, 1, 1);
    }
}
