package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How gate gradients are averaged into importance (README, "The science, briefly": per-example vs per-batch). */
public enum Granularity {
    /** |dL(x)/dξ| per example, then averaged: Michel et al.'s definition (default). */
    @JsonProperty("per-example") PER_EXAMPLE,
    /** |d mean-batch-loss/dξ| per batch, as Hugging Face's bertology script. */
    @JsonProperty("per-batch") PER_BATCH
}
