package dev.headcount.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.headcount.engine.autograd.Scalars;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.SentenceEmbedding;

/**
 * In-batch InfoNCE over mean-pooled, L2-normalised embeddings of sentence pairs (the
 * sentence-transformers MultipleNegativesRankingLoss): row i's positive is column i, the other
 * columns are its negatives; similarities are divided by a temperature.
 */
public final class ContrastiveObjective implements Objective {

    public static final float DEFAULT_TEMPERATURE = 0.05f;

    private final float temperature;

    public ContrastiveObjective(float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("contrastive temperature must be positive, got " + temperature);
        }
        this.temperature = temperature;
    }

    public ContrastiveObjective() {
        this(DEFAULT_TEMPERATURE);
    }

    public float temperature() {
        return temperature;
    }

    @Override
    public String name() {
        return "contrastive";
    }

    @Override
    public boolean separable() {
        return false;
    }

    @Override
    public LossResult loss(EncoderModel model, NDManager manager, TaskBatch batch, NDArray gates,
                           ForwardOptions options) {
        TaskBatch.Pairs b = (TaskBatch.Pairs) batch;
        var first = model.encode(manager, b.tokens(), gates, options);
        var second = model.encode(manager, b.second(), gates, options);
        NDArray a = SentenceEmbedding.embed(first.lastHiddenState(), first.attentionMask());
        NDArray p = SentenceEmbedding.embed(second.lastHiddenState(), second.attentionMask());
        NDArray similarity = Scalars.div(a.matMul(p.transpose()), temperature);
        NDArray targets = manager.arange(0L, (long) b.size(), 1L, ai.djl.ndarray.types.DataType.INT64);
        NDArray perRow = Objective.crossEntropyRows(similarity, targets);
        boolean[] valid = new boolean[b.size()];
        java.util.Arrays.fill(valid, true);
        return LossResult.of(perRow.mean(), null, valid, similarity, b.tokens(), first, second);
    }
}
