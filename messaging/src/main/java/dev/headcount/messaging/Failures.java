package dev.headcount.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.HeadcountEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a service publishes when it gives a record up: the {@link DeadLetter} (always) and, when the experiment is
 * known, {@link ExperimentFailed} with a readable reason — except for a record that is itself an
 * {@code ExperimentFailed} (failing it again would only add a second failure to the same experiment, and a consumer
 * of the experiments topic would see its own output come back).
 */
public final class Failures {
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String EXPERIMENT_FAILED = "ExperimentFailed";

    private Failures() {
    }

    /** A record's origin: where it was read. */
    public record Origin(String topic, int partition, long offset, String key, String payload) {
    }

    public static DeadLetter deadLetter(Origin origin, String reason, String service, int attempts,
                                        HeadcountEvent parsed) {
        return new DeadLetter(origin.topic(), origin.partition(), origin.offset(), origin.key(), origin.payload(),
                reason, service, attempts, experimentId(parsed, origin.payload()).orElse(null), Instant.now());
    }

    /** ExperimentFailed, if the record names a well-formed experiment (parsed or not) and is no failure itself. */
    public static Optional<ExperimentFailed> experimentFailed(Origin origin, String reason, String service,
                                                              HeadcountEvent parsed) {
        String type = parsed != null ? parsed.type() : field(origin.payload(), "type").orElse(null);
        if (EXPERIMENT_FAILED.equals(type)) {
            return Optional.empty();
        }
        return experimentId(parsed, origin.payload()).map(id -> new ExperimentFailed(id, reason, service, type,
                parsed != null ? parsed.eventId() : null, Instant.now()));
    }

    /** The exception's message (with its class when it has none), for people. */
    public static String reason(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private static Optional<String> experimentId(HeadcountEvent parsed, String payload) {
        if (parsed != null) {
            return Optional.of(parsed.experimentId());
        }
        return field(payload, "experimentId").filter(id -> EXPERIMENT_ID.matcher(id).matches());
    }

    private static Optional<String> field(String payload, String name) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            JsonNode tree = EventJson.mapper().readTree(payload);
            JsonNode node = tree == null || !tree.isObject() ? null : tree.get(name);
            return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }
}
