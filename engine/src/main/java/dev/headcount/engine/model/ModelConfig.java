package dev.headcount.engine.model;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape and semantics of an encoder, as in a Hugging Face config.json.
 *
 * <p>{@code numLayers} is the number of transformer <em>passes</em>; for ALBERT they share
 * {@code numHiddenGroups} weight groups. {@code prunedHeads} maps a weight layer (for ALBERT, the
 * shared layer, usually 0) to the original indices of the heads physically removed from it.
 *
 * @param embeddingSize equals {@code hiddenSize} except for ALBERT's factorised embeddings
 * @param numLabels 0 when the checkpoint carries no classification head; 1 means regression
 */
public record ModelConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int embeddingSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        Activation hiddenAct,
        float layerNormEps,
        int maxPositionEmbeddings,
        int typeVocabSize,
        int padTokenId,
        int numHiddenGroups,
        int innerGroupNum,
        float hiddenDropout,
        float attentionDropout,
        int numLabels,
        SortedMap<Integer, SortedSet<Integer>> prunedHeads) {

    public ModelConfig {
        if (architecture == Architecture.ALBERT && innerGroupNum != 1) {
            throw new IllegalArgumentException("inner_group_num " + innerGroupNum
                    + " is not supported (every released ALBERT has 1)");
        }
        if (architecture == Architecture.ALBERT && numLayers % numHiddenGroups != 0) {
            throw new IllegalArgumentException("num_hidden_layers " + numLayers
                    + " is not a multiple of num_hidden_groups " + numHiddenGroups);
        }
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize
                    + " is not a multiple of num_attention_heads " + numHeads);
        }
        SortedMap<Integer, SortedSet<Integer>> copy = new TreeMap<>();
        if (prunedHeads != null) {
            prunedHeads.forEach((layer, heads) -> {
                if (!heads.isEmpty()) {
                    copy.put(layer, java.util.Collections.unmodifiableSortedSet(new TreeSet<>(heads)));
                }
            });
        }
        prunedHeads = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** Width of one head. */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** Number of distinct weight layers: one per pass, except ALBERT whose passes share its groups. */
    public int numWeightLayers() {
        return architecture == Architecture.ALBERT ? numHiddenGroups : numLayers;
    }

    /**
     * The weight layer used by a pass. ALBERT, as Hugging Face: {@code group = pass / (passes / groups)};
     * headcount supports one inner layer per group, which every released ALBERT has.
     */
    public int weightLayerOfPass(int pass) {
        if (architecture != Architecture.ALBERT) {
            return pass;
        }
        return pass / (numLayers / numHiddenGroups);
    }

    /** Heads still present in a weight layer, in original numbering. */
    public int[] keptHeads(int weightLayer) {
        Set<Integer> pruned = prunedHeads.getOrDefault(weightLayer, new TreeSet<>());
        return java.util.stream.IntStream.range(0, numHeads).filter(h -> !pruned.contains(h)).toArray();
    }

    /** A copy with more heads physically removed. */
    public ModelConfig withPrunedHeads(Map<Integer, ? extends Set<Integer>> more) {
        SortedMap<Integer, SortedSet<Integer>> merged = new TreeMap<>();
        prunedHeads.forEach((k, v) -> merged.put(k, new TreeSet<>(v)));
        more.forEach((k, v) -> merged.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
        return new ModelConfig(architecture, vocabSize, hiddenSize, embeddingSize, numLayers, numHeads,
                intermediateSize, hiddenAct, layerNormEps, maxPositionEmbeddings, typeVocabSize, padTokenId,
                numHiddenGroups, innerGroupNum, hiddenDropout, attentionDropout, numLabels, merged);
    }

    /** A copy with another classification head size (0 = none, 1 = regression). */
    public ModelConfig withNumLabels(int labels) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, embeddingSize, numLayers, numHeads,
                intermediateSize, hiddenAct, layerNormEps, maxPositionEmbeddings, typeVocabSize, padTokenId,
                numHiddenGroups, innerGroupNum, hiddenDropout, attentionDropout, labels, prunedHeads);
    }
}
