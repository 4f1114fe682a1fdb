package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.norm.Dropout;

/**
 * The sequence-classification (or regression, with one output) head.
 * BERT and ALBERT with a pooler: pooler dense + tanh on the first token → dropout → classifier.
 * RoBERTa: dropout → dense → tanh → dropout → out_proj on the first token (RobertaClassificationHead).
 * BERT and ALBERT without pooler weights — sentence-embedding checkpoints such as the built-in
 * MiniLM, trained to be read by mean pooling — use the head their family uses: mean over the real
 * tokens → dropout → classifier. A freshly initialised tanh pooler on [CLS] would start from a token
 * the checkpoint never trained to summarise the sentence, and can saturate.
 */
public final class SequenceClassifier {

    /** How the head reduces the token states to one vector. */
    public enum Pooling {
        /** The first token's state, through the checkpoint's pooler (BERT, ALBERT) or RoBERTa's head dense. */
        FIRST_TOKEN,
        /** The mean of the real tokens' states (sentence-transformers), straight into the classifier. */
        MEAN
    }

    private final LinearLayer pooler;
    private final LinearLayer output;
    private final boolean dropoutBeforePooler;
    private final float dropout;
    private final Pooling pooling;

    SequenceClassifier(ModelConfig config, Parameters p) {
        HfNames n = new HfNames(config.architecture());
        pooling = pooling(config, p);
        pooler = pooling == Pooling.MEAN ? null : LinearLayer.of(p, n.pooler());
        output = LinearLayer.of(p, n.classifierOutput());
        dropoutBeforePooler = config.architecture() == Architecture.ROBERTA;
        dropout = config.hiddenDropout();
    }

    /** Mean pooling exactly when a BERT or ALBERT checkpoint has no pooler weights (RoBERTa's dense is its head's). */
    public static Pooling pooling(ModelConfig config, Parameters p) {
        HfNames n = new HfNames(config.architecture());
        return config.architecture() != Architecture.ROBERTA && !p.has(HfNames.weight(n.pooler()))
                ? Pooling.MEAN : Pooling.FIRST_TOKEN;
    }

    static boolean present(ModelConfig config, Parameters p) {
        HfNames n = new HfNames(config.architecture());
        return p.has(HfNames.weight(n.classifierOutput()))
                && (p.has(HfNames.weight(n.pooler())) || config.architecture() != Architecture.ROBERTA);
    }

    public Pooling pooling() {
        return pooling;
    }

    /** [B, labels] from the encoder's output (last hidden state [B, T, H] and its attention mask). */
    public NDArray logits(EncoderOutput out, boolean training) {
        if (pooling == Pooling.MEAN) {
            NDArray pooled = SentenceEmbedding.meanPool(out.lastHiddenState(), out.attentionMask());
            return output.apply(drop(pooled, training));
        }
        NDArray first = out.lastHiddenState().get(new NDIndex(":, 0, :"));
        if (dropoutBeforePooler) {
            first = drop(first, training);
        }
        return output.apply(drop(pooler.apply(first).tanh(), training));
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }
}
