package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An event of the headcount pipeline. In JSON every event carries {@code type} (its simple class name),
 * {@code experimentId}, {@code eventId} and {@code schemaVersion}; read and write events with {@link EventJson}.
 * Publish an event on {@link #topic()} with {@link #key()} as the record key.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ExperimentRequested.class, name = "ExperimentRequested"),
        @JsonSubTypes.Type(value = WorkRequested.class, name = "WorkRequested"),
        @JsonSubTypes.Type(value = WorkDone.class, name = "WorkDone"),
        @JsonSubTypes.Type(value = ModelFineTuned.class, name = "ModelFineTuned"),
        @JsonSubTypes.Type(value = FineTuneProgress.class, name = "FineTuneProgress"),
        @JsonSubTypes.Type(value = HeadImportanceScored.class, name = "HeadImportanceScored"),
        @JsonSubTypes.Type(value = ImportanceMapCompleted.class, name = "ImportanceMapCompleted"),
        @JsonSubTypes.Type(value = MaskedModelEvaluated.class, name = "MaskedModelEvaluated"),
        @JsonSubTypes.Type(value = PrunedModelReady.class, name = "PrunedModelReady"),
        @JsonSubTypes.Type(value = Progress.class, name = "Progress"),
        @JsonSubTypes.Type(value = ExperimentCompleted.class, name = "ExperimentCompleted"),
        @JsonSubTypes.Type(value = ExperimentFailed.class, name = "ExperimentFailed"),
})
// written for consumers, recomputed (eventId) or checked (schemaVersion) on read
@JsonIgnoreProperties(value = {"eventId", "schemaVersion"}, allowGetters = true)
public sealed interface HeadcountEvent permits ExperimentRequested, WorkRequested, WorkDone,
        ModelFineTuned, FineTuneProgress, HeadImportanceScored, ImportanceMapCompleted, MaskedModelEvaluated,
        PrunedModelReady, Progress, ExperimentCompleted, ExperimentFailed {

    /**
     * The schema version this code writes and reads for most types; a type whose schema changed says its own
     * ({@link #schemaVersion()}, {@link EventJson#schemaVersion(String)}: {@code ImportanceMapCompleted} is at 2).
     * Adding an optional field keeps it; renaming or removing a field, changing a field's meaning or an id's
     * identifying fields raises it, for that type.
     */
    int SCHEMA_VERSION = 1;

    String experimentId();

    /** Deterministic: a name-based UUID of the type and the identifying fields (see {@link EventIds}). */
    @JsonProperty("eventId")
    String eventId();

    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** The partition key: one unit of work (see {@link Topics}). */
    @JsonIgnore
    String key();

    /** The topic this event is published on. */
    @JsonIgnore
    String topic();

    /** The type name written in {@code "type"}. */
    @JsonIgnore
    default String type() {
        return getClass().getSimpleName();
    }
}
