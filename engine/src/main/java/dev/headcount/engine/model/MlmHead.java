package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * The masked-LM head: dense → activation → LayerNorm → decoder tied to the word embeddings, plus
 * a bias. The activation and LayerNorm epsilon follow each architecture's transformers class.
 */
public final class MlmHead {

    /** ALBERT's MLM LayerNorm uses PyTorch's default epsilon, not the config's layer_norm_eps. */
    static final float ALBERT_MLM_NORM_EPS = 1e-5f;

    private final LinearLayer transform;
    private final Activation activation;
    private final Norm norm;
    private final NDArray decoder;
    private final NDArray bias;

    MlmHead(ModelConfig config, Parameters p) {
        HfNames n = new HfNames(config.architecture());
        transform = LinearLayer.of(p, n.mlmTransform());
        // RobertaLMHead calls gelu() directly whatever hidden_act says
        activation = config.architecture() == Architecture.ROBERTA ? Activation.GELU : config.hiddenAct();
        float eps = config.architecture() == Architecture.ALBERT ? ALBERT_MLM_NORM_EPS : config.layerNormEps();
        norm = Norm.of(p, n.mlmNorm(), eps);
        decoder = p.get(n.wordEmbeddings());
        bias = p.get(n.mlmBias());
    }

    static boolean present(ModelConfig config, Parameters p) {
        HfNames n = new HfNames(config.architecture());
        return p.has(HfNames.weight(n.mlmTransform())) && p.has(n.mlmBias());
    }

    /** Vocabulary logits for hidden states of any leading shape [..., H]. */
    public NDArray logits(NDArray hidden) {
        return Linear.linear(norm.apply(activation.apply(transform.apply(hidden))), decoder, bias).singletonOrThrow();
    }
}
