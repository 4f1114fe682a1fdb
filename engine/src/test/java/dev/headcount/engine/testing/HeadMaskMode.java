package dev.headcount.engine.testing;

/** How rows of a [passes][heads] head mask map onto ALBERT's passes (BERT and RoBERTa: row p gates layer p either way). */
public enum HeadMaskMode {
    /** Row p gates pass p: one gate per application of the shared layer (headcount's default). */
    PER_PASS,
    /**
     * As transformers' {@code AlbertTransformer}: pass p uses row {@code group(p) * layersPerGroup}
     * (it slices the mask per group and indexes it by inner layer), so with one group row 0 gates
     * every pass and the other rows are ignored.
     */
    HF
}
