package dev.headcount.cli.bench;

import dev.headcount.engine.model.ModelConfig;

/**
 * Matrix-multiply FLOPs of an encoder forward pass, per sequence: the Q/K/V/O projections, the
 * attention scores and context, and the feed-forward. Embeddings, LayerNorm and softmax are left
 * out (they are not matrix multiplies and do not shrink with heads).
 */
public final class Flops {

    private Flops() {
    }

    public static double forward(ModelConfig c, int length) {
        double total = 0;
        long h = c.hiddenSize();
        for (int pass = 0; pass < c.numLayers(); pass++) {
            long width = (long) c.keptHeads(c.weightLayerOfPass(pass)).length * c.headSize();
            total += 2.0 * length * h * width * 4;         // Q, K, V and output projections
            total += 2.0 * length * length * width * 2;    // scores QKᵀ and context PV
            total += 2.0 * length * h * c.intermediateSize() * 2; // feed-forward in and out
        }
        return total;
    }
}
