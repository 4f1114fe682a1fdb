package dev.headcount.engine.importance;

/** Where the absolute value is taken in Michel et al.'s estimate. */
public enum Granularity {
    /** E_x |dL(x)/dξ|: each example's own gate gradient, made absolute, averaged (the definition). */
    PER_EXAMPLE,
    /**
     * |d mean-batch-loss / dξ| summed over batches and divided by their number: Hugging Face's
     * run_bertology semantics, without its failure to zero the gradient between batches.
     */
    PER_BATCH
}
