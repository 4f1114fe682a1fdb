package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import dev.headcount.engine.autograd.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings followed by the transformer passes, with a gate on every head of every pass.
 *
 * <p>Gates have shape [G, passes, heads] in original head numbering: G = 1 shares one gate per head
 * across the batch (Hugging Face's {@code head_mask}); G = B gives each example its own copy, so
 * that one backward pass of the summed loss yields every example's own gate gradient.
 */
public final class Encoder {

    /** torch.finfo(float32).min, which transformers adds to the scores of padded keys. */
    static final float MASKED_SCORE = -3.4028234663852886e38f;

    private final ModelConfig config;
    private final HfNames names;
    private final Parameters params;
    private final List<TransformerLayer> weightLayers = new ArrayList<>();

    Encoder(ModelConfig config, Parameters params) {
        this.config = config;
        this.names = new HfNames(config.architecture());
        this.params = params;
        for (int l = 0; l < config.numWeightLayers(); l++) {
            weightLayers.add(TransformerLayer.of(params, names.layer(l), config, l));
        }
    }

    /** The gate row that multiplies pass {@code pass} (ALBERT in HF mode: the group's first row). */
    int gateRow(int pass, AlbertMaskMode mode) {
        if (config.architecture() != Architecture.ALBERT || mode == AlbertMaskMode.PER_PASS) {
            return pass;
        }
        int layersPerGroup = config.numLayers() / config.numHiddenGroups();
        return config.weightLayerOfPass(pass) * layersPerGroup;
    }

    /**
     * Runs the encoder; every array created lives in {@code manager}.
     *
     * @param gates [G, passes, heads] or null for no gating
     */
    public EncoderOutput forward(NDManager manager, TokenBatch batch, NDArray gates, ForwardOptions options) {
        checkRange("input_ids", batch.inputIds(), config.vocabSize(), "vocab_size");
        if (batch.tokenTypeIds() != null) {
            checkRange("token_type_ids", batch.tokenTypeIds(), Math.max(1, config.typeVocabSize()), "type_vocab_size");
        }
        NDArray ids = manager.create(batch.inputIds());
        NDArray types = batch.tokenTypeIds() == null ? ids.zerosLike() : manager.create(batch.tokenTypeIds());
        NDArray positions = manager.create(PositionIds.of(config, batch.inputIds()));
        NDArray mask = manager.create(batch.attentionMask()).toType(DataType.FLOAT32, false);

        NDArray embedded = lookup(ids, names.wordEmbeddings())
                .add(lookup(positions, names.positionEmbeddings()));
        if (config.typeVocabSize() > 0 && params.has(names.tokenTypeEmbeddings())) {
            embedded = embedded.add(lookup(types, names.tokenTypeEmbeddings()));
        }
        NDArray embeddingOutput = Norm.of(params, names.embeddingNorm(), config.layerNormEps()).apply(embedded);
        NDArray hidden = options.training() && config.hiddenDropout() > 0
                ? Dropout.dropout(embeddingOutput, config.hiddenDropout(), true).singletonOrThrow()
                : embeddingOutput;
        if (config.architecture() == Architecture.ALBERT) {
            hidden = LinearLayer.of(params, names.embeddingProjection()).apply(hidden);
        }

        long b = batch.size();
        NDArray additiveMask = Scalars.mul(Scalars.add(mask.neg(), 1f), MASKED_SCORE).reshape(b, 1, 1, batch.length());
        float[][] entropy = options.recordAttentionEntropy() ? new float[config.numLayers()][config.numHeads()] : null;
        for (int pass = 0; pass < config.numLayers(); pass++) {
            TransformerLayer layer = weightLayers.get(config.weightLayerOfPass(pass));
            NDArray gate = gates == null ? null : gateFor(gates, gateRow(pass, options.albertMaskMode()), layer);
            float[] keptEntropy = entropy == null ? null : new float[layer.keptHeads().length];
            hidden = layer.forward(hidden, additiveMask, mask, gate, options.training(), keptEntropy);
            if (entropy != null) {
                for (int i = 0; i < keptEntropy.length; i++) {
                    entropy[pass][layer.keptHeads()[i]] = keptEntropy[i];
                }
            }
        }
        return new EncoderOutput(embeddingOutput, hidden, mask, entropy);
    }

    /** A clear message instead of the engine's "index out of range in self". */
    private static void checkRange(String field, long[][] rows, int limit, String limitName) {
        for (int b = 0; b < rows.length; b++) {
            for (int t = 0; t < rows[b].length; t++) {
                if (rows[b][t] < 0 || rows[b][t] >= limit) {
                    throw new IllegalArgumentException(field + "[" + b + "][" + t + "] = " + rows[b][t]
                            + " is outside [0, " + limit + ") (the model's " + limitName + ")");
                }
            }
        }
    }

    private NDArray lookup(NDArray ids, String table) {
        return Embedding.embedding(ids, params.get(table), SparseFormat.DENSE).singletonOrThrow();
    }

    /** Selects row {@code row} of the gates and the layer's remaining heads: [G, kept, 1, 1]. */
    private static NDArray gateFor(NDArray gates, int row, TransformerLayer layer) {
        NDArray rowGates = gates.get(new NDIndex(":, {}, :", row));
        int[] kept = layer.keptHeads();
        long heads = gates.getShape().get(2);
        if (kept.length != heads) {
            long g = rowGates.getShape().get(0);
            long[] index = new long[kept.length];
            for (int i = 0; i < kept.length; i++) {
                index[i] = kept[i];
            }
            NDArray idx = rowGates.getManager().create(index).reshape(1, kept.length).broadcast(g, kept.length);
            rowGates = rowGates.gather(idx, 1);
        }
        return rowGates.reshape(layer.gateShape(rowGates.getShape().get(0)));
    }

    public List<TransformerLayer> weightLayers() {
        return weightLayers;
    }
}
