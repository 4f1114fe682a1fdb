package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where ALBERT's gates sit: one per pass of the shared layer (default), or as transformers applies head_mask. */
public enum AlbertMaskMode {
    @JsonProperty("per-pass") PER_PASS,
    @JsonProperty("hf") HF
}
