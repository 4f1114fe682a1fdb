package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.norm.Dropout;

/**
 * The sequence-classification (or regression, with one output) head on the first token.
 * BERT and ALBERT: pooler dense + tanh → dropout → classifier. RoBERTa: dropout → dense → tanh →
 * dropout → out_proj (RobertaClassificationHead; no pooler).
 */
public final class SequenceClassifier {

    private final LinearLayer pooler;
    private final LinearLayer output;
    private final boolean dropoutBeforePooler;
    private final float dropout;

    SequenceClassifier(ModelConfig config, Parameters p) {
        HfNames n = new HfNames(config.architecture());
        pooler = LinearLayer.of(p, n.pooler());
        output = LinearLayer.of(p, n.classifierOutput());
        dropoutBeforePooler = config.architecture() == Architecture.ROBERTA;
        dropout = config.hiddenDropout();
    }

    static boolean present(ModelConfig config, Parameters p) {
        HfNames n = new HfNames(config.architecture());
        return p.has(HfNames.weight(n.pooler())) && p.has(HfNames.weight(n.classifierOutput()));
    }

    /** [B, labels] from the last hidden state [B, T, H]. */
    public NDArray logits(NDArray lastHidden, boolean training) {
        NDArray first = lastHidden.get(new NDIndex(":, 0, :"));
        if (dropoutBeforePooler) {
            first = drop(first, training);
        }
        return output.apply(drop(pooler.apply(first).tanh(), training));
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }
}
