/**
 * Coherence of head importance between tasks: do the heads that matter for one task (say masked LM
 * before fine-tuning) matter for another (a downstream task after fine-tuning)? Maps are
 * {@code double[layers][heads]} of non-negative importance; for ALBERT the rows are passes.
 * Several standard statistics are reported side by side because the study's own is not published.
 * {@link dev.headcount.metrics.coherence.CoherenceUncertainty} adds intervals, a permutation p-value
 * and each map's split-half reliability (the noise ceiling) from the per-unit gate gradients.
 */
package dev.headcount.metrics.coherence;
