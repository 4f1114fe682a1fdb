package dev.headcount.engine.testing;

/**
 * The dimensions of a tiny checkpoint.
 *
 * @param maxTokens the longest input the model takes; RoBERTa's {@code max_position_embeddings} is this + 2
 *     because its positions start after the padding index
 * @param numLabels classifier outputs (1 = regression); ignored by other heads
 * @param embeddingSize ALBERT's factorised embedding width; other architectures use {@code hiddenSize}
 * @param numHiddenGroups ALBERT's weight groups; {@code numLayers} passes share them
 */
public record TinySizes(
        int vocabSize,
        int hiddenSize,
        int numHeads,
        int numLayers,
        int intermediateSize,
        int maxTokens,
        int numLabels,
        int embeddingSize,
        int numHiddenGroups) {

    /** BERT and RoBERTa: vocab 40, hidden 16, 4 heads, 3 layers, intermediate 24, 20 tokens, 2 labels. */
    public static TinySizes standard() {
        return new TinySizes(40, 16, 4, 3, 24, 20, 2, 16, 1);
    }

    /** ALBERT: as {@link #standard()} with embedding size 8 and 4 passes over 1 shared group. */
    public static TinySizes albert() {
        return new TinySizes(40, 16, 4, 4, 24, 20, 2, 8, 1);
    }

    public TinySizes withNumLabels(int labels) {
        return new TinySizes(vocabSize, hiddenSize, numHeads, numLayers, intermediateSize, maxTokens, labels,
                embeddingSize, numHiddenGroups);
    }

    public TinySizes withNumLayers(int layers) {
        return new TinySizes(vocabSize, hiddenSize, numHeads, layers, intermediateSize, maxTokens, numLabels,
                embeddingSize, numHiddenGroups);
    }

    public TinySizes withNumHiddenGroups(int groups) {
        return new TinySizes(vocabSize, hiddenSize, numHeads, numLayers, intermediateSize, maxTokens, numLabels,
                embeddingSize, groups);
    }
}
