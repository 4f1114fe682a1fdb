package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The stages progress is reported for. */
public enum Stage {
    @JsonProperty("finetune") FINETUNE,
    @JsonProperty("score") SCORE,
    @JsonProperty("prune") PRUNE,
    @JsonProperty("evaluate") EVALUATE,
    @JsonProperty("pruned-finetune") PRUNED_FINETUNE,
    @JsonProperty("report") REPORT
}
