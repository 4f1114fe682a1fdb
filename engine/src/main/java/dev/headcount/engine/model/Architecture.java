package dev.headcount.engine.model;

import java.util.Locale;

/** The encoder families headcount understands, named as Hugging Face's {@code model_type}. */
public enum Architecture {
    BERT("bert"),
    ROBERTA("roberta"),
    ALBERT("albert");

    private final String modelType;

    Architecture(String modelType) {
        this.modelType = modelType;
    }

    /** The {@code model_type} string of config.json. */
    public String modelType() {
        return modelType;
    }

    /**
     * Parses a {@code model_type}. MiniLM and other BERT-shaped checkpoints say "bert";
     * XLM-R and CamemBERT are RoBERTa with another vocabulary.
     */
    public static Architecture fromModelType(String modelType) {
        String type = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
        return switch (type) {
            case "bert" -> BERT;
            case "roberta", "xlm-roberta", "camembert" -> ROBERTA;
            case "albert" -> ALBERT;
            default -> throw new IllegalArgumentException(
                    "unknown model_type '" + modelType + "' (supported: bert, roberta, xlm-roberta, camembert, albert)");
        };
    }
}
