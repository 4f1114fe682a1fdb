package dev.headcount.engine.model;

/** How the rows of a head mask map to ALBERT's passes over its shared layer. */
public enum AlbertMaskMode {
    /** Row p gates pass p: each application of the shared layer has its own gates (headcount's default). */
    PER_PASS,
    /**
     * As Hugging Face transformers: rows are indexed by inner layer within a group, so with stock
     * models (1 group, 1 inner layer) row 0 gates every pass and the other rows are ignored.
     */
    HF
}
