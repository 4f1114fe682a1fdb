package dev.headcount.engine.model;

/**
 * Where each weight of an architecture lives in a Hugging Face state dict. Names are the full
 * names of the {@code *ForMaskedLM} / {@code *ForSequenceClassification} classes; names are given
 * without the {@code .weight}/{@code .bias} suffix for linear and LayerNorm modules.
 */
public final class HfNames {

    /** The module names of one transformer layer. */
    public record LayerNames(String query, String key, String value, String attentionOutput,
                             String attentionNorm, String intermediate, String output, String outputNorm) {
    }

    private final Architecture arch;
    private final String base;

    public HfNames(Architecture arch) {
        this.arch = arch;
        this.base = arch.modelType() + ".";
    }

    /** The prefix of the bare encoder ("bert.", "roberta.", "albert."), absent in sentence-transformers saves. */
    public String encoderPrefix() {
        return base;
    }

    public String wordEmbeddings() {
        return base + "embeddings.word_embeddings.weight";
    }

    public String positionEmbeddings() {
        return base + "embeddings.position_embeddings.weight";
    }

    public String tokenTypeEmbeddings() {
        return base + "embeddings.token_type_embeddings.weight";
    }

    public String embeddingNorm() {
        return base + "embeddings.LayerNorm";
    }

    /** ALBERT's projection from the embedding width to the hidden width. */
    public String embeddingProjection() {
        return "albert.encoder.embedding_hidden_mapping_in";
    }

    public LayerNames layer(int weightLayer) {
        if (arch == Architecture.ALBERT) {
            String p = "albert.encoder.albert_layer_groups." + weightLayer + ".albert_layers.0.";
            return new LayerNames(p + "attention.query", p + "attention.key", p + "attention.value",
                    p + "attention.dense", p + "attention.LayerNorm", p + "ffn", p + "ffn_output",
                    p + "full_layer_layer_norm");
        }
        String p = base + "encoder.layer." + weightLayer + ".";
        return new LayerNames(p + "attention.self.query", p + "attention.self.key", p + "attention.self.value",
                p + "attention.output.dense", p + "attention.output.LayerNorm", p + "intermediate.dense",
                p + "output.dense", p + "output.LayerNorm");
    }

    /** BERT and ALBERT pool [CLS] with dense + tanh; RoBERTa's classifier has its own dense instead. */
    public String pooler() {
        return switch (arch) {
            case BERT -> "bert.pooler.dense";
            case ALBERT -> "albert.pooler";
            case ROBERTA -> "classifier.dense";
        };
    }

    /** The last linear layer of the sequence classifier. */
    public String classifierOutput() {
        return arch == Architecture.ROBERTA ? "classifier.out_proj" : "classifier";
    }

    public String mlmTransform() {
        return switch (arch) {
            case BERT -> "cls.predictions.transform.dense";
            case ROBERTA -> "lm_head.dense";
            case ALBERT -> "predictions.dense";
        };
    }

    public String mlmNorm() {
        return switch (arch) {
            case BERT -> "cls.predictions.transform.LayerNorm";
            case ROBERTA -> "lm_head.layer_norm";
            case ALBERT -> "predictions.LayerNorm";
        };
    }

    public String mlmBias() {
        return switch (arch) {
            case BERT -> "cls.predictions.bias";
            case ROBERTA -> "lm_head.bias";
            case ALBERT -> "predictions.bias";
        };
    }

    /** Tied to the word embeddings; newer saves omit it, older ones duplicate it. */
    public String mlmDecoder() {
        return switch (arch) {
            case BERT -> "cls.predictions.decoder";
            case ROBERTA -> "lm_head.decoder";
            case ALBERT -> "predictions.decoder";
        };
    }

    public static String weight(String module) {
        return module + ".weight";
    }

    public static String bias(String module) {
        return module + ".bias";
    }
}
