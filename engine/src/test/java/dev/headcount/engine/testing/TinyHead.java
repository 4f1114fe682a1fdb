package dev.headcount.engine.testing;

/** Which transformers class a tiny checkpoint is saved from. */
public enum TinyHead {
    /** The bare encoder ({@code BertModel} etc.) saved without a prefix, as sentence-transformers does; has a pooler. */
    BASE,
    /** {@code *ForMaskedLM}: no pooler ({@code add_pooling_layer=False}). */
    MASKED_LM,
    /** {@code *ForSequenceClassification}: BERT and ALBERT keep their pooler, RoBERTa has none. */
    SEQUENCE_CLASSIFICATION
}
