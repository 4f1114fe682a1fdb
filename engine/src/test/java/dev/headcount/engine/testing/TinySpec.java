package dev.headcount.engine.testing;

import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;

/**
 * Everything that determines a tiny checkpoint. Start from {@link #bert}, {@link #roberta} or
 * {@link #albert} and adjust with the {@code with*} methods.
 *
 * <p>The default {@code layer_norm_eps} values are deliberately large and different per
 * architecture, so that an implementation using the wrong epsilon shows a visible difference;
 * use {@link #withLayerNormEps} for the released values (BERT/ALBERT 1e-12, RoBERTa 1e-5).
 *
 * @param decoderBiasDuplicate also store the MLM bias as {@code ...decoder.bias} (transformers ties the two)
 * @param positionIdsBuffer store the I64 {@code embeddings.position_ids} buffer [1, max_position_embeddings]
 */
public record TinySpec(
        Architecture architecture,
        TinyHead head,
        TinySizes sizes,
        Activation hiddenAct,
        double layerNormEps,
        FloatDtype dtype,
        TiedDecoder tiedDecoder,
        boolean decoderBiasDuplicate,
        boolean positionIdsBuffer,
        long seed) {

    public static TinySpec bert(TinyHead head) {
        return new TinySpec(Architecture.BERT, head, TinySizes.standard(), Activation.GELU, 0.02,
                FloatDtype.F32, TiedDecoder.OMITTED, false, false, 42);
    }

    public static TinySpec roberta(TinyHead head) {
        return new TinySpec(Architecture.ROBERTA, head, TinySizes.standard(), Activation.GELU, 0.03,
                FloatDtype.F32, TiedDecoder.OMITTED, false, false, 42);
    }

    public static TinySpec albert(TinyHead head) {
        return new TinySpec(Architecture.ALBERT, head, TinySizes.albert(), Activation.GELU_NEW, 0.04,
                FloatDtype.F32, TiedDecoder.OMITTED, false, false, 42);
    }

    /** The prefix of encoder tensor names: {@code "bert."} etc., or none for a bare encoder. */
    public String prefix() {
        return head == TinyHead.BASE ? "" : architecture.modelType() + ".";
    }

    /** Transformers' class name, as written to {@code architectures} in config.json. */
    public String transformersClass() {
        String family = switch (architecture) {
            case BERT -> "Bert";
            case ROBERTA -> "Roberta";
            case ALBERT -> "Albert";
        };
        return family + switch (head) {
            case BASE -> "Model";
            case MASKED_LM -> "ForMaskedLM";
            case SEQUENCE_CLASSIFICATION -> "ForSequenceClassification";
        };
    }

    public boolean hasPooler() {
        return head == TinyHead.BASE
                || (head == TinyHead.SEQUENCE_CLASSIFICATION && architecture != Architecture.ROBERTA);
    }

    public int maxPositionEmbeddings() {
        return architecture == Architecture.ROBERTA ? sizes.maxTokens() + 2 : sizes.maxTokens();
    }

    public int typeVocabSize() {
        return architecture == Architecture.ROBERTA ? 1 : 2;
    }

    public int padTokenId() {
        return architecture == Architecture.ROBERTA ? 1 : 0;
    }

    public int embeddingSize() {
        return architecture == Architecture.ALBERT ? sizes.embeddingSize() : sizes.hiddenSize();
    }

    public TinySpec withHead(TinyHead value) {
        return new TinySpec(architecture, value, sizes, hiddenAct, layerNormEps, dtype, tiedDecoder,
                decoderBiasDuplicate, positionIdsBuffer, seed);
    }

    public TinySpec withSizes(TinySizes value) {
        return new TinySpec(architecture, head, value, hiddenAct, layerNormEps, dtype, tiedDecoder,
                decoderBiasDuplicate, positionIdsBuffer, seed);
    }

    public TinySpec withNumLabels(int labels) {
        return withSizes(sizes.withNumLabels(labels));
    }

    public TinySpec withHiddenAct(Activation value) {
        return new TinySpec(architecture, head, sizes, value, layerNormEps, dtype, tiedDecoder,
                decoderBiasDuplicate, positionIdsBuffer, seed);
    }

    public TinySpec withLayerNormEps(double value) {
        return new TinySpec(architecture, head, sizes, hiddenAct, value, dtype, tiedDecoder,
                decoderBiasDuplicate, positionIdsBuffer, seed);
    }

    public TinySpec withDtype(FloatDtype value) {
        return new TinySpec(architecture, head, sizes, hiddenAct, layerNormEps, value, tiedDecoder,
                decoderBiasDuplicate, positionIdsBuffer, seed);
    }

    public TinySpec withTiedDecoder(TiedDecoder value) {
        return new TinySpec(architecture, head, sizes, hiddenAct, layerNormEps, dtype, value,
                decoderBiasDuplicate, positionIdsBuffer, seed);
    }

    public TinySpec withDecoderBiasDuplicate(boolean value) {
        return new TinySpec(architecture, head, sizes, hiddenAct, layerNormEps, dtype, tiedDecoder,
                value, positionIdsBuffer, seed);
    }

    public TinySpec withPositionIdsBuffer(boolean value) {
        return new TinySpec(architecture, head, sizes, hiddenAct, layerNormEps, dtype, tiedDecoder,
                decoderBiasDuplicate, value, seed);
    }

    public TinySpec withSeed(long value) {
        return new TinySpec(architecture, head, sizes, hiddenAct, layerNormEps, dtype, tiedDecoder,
                decoderBiasDuplicate, positionIdsBuffer, value);
    }
}
