package dev.headcount.pipeline;

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
 * known, {@link ExperimentFailed} with a readable reason.
 */
public final class Failures {
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Failures() {
    }

    /** A record's origin: where it was read. */
    public record Origin(String topic, int partition, long offset, String key, String payload) {
    }

    public static DeadLetter deadLetter(Origin origin, Throwable error, String service, int attempts,
                                        HeadcountEvent parsed) {
        return new DeadLetter(origin.topic(), origin.partition(), origin.offset(), origin.key(), origin.payload(),
                reason(error), service, attempts, experimentId(parsed, origin.payload()).orElse(null), Instant.now());
    }

    /** ExperimentFailed, if the record names a well-formed experiment (parsed or not). */
    public static Optional<ExperimentFailed> experimentFailed(Origin origin, Throwable error, String service,
                                                              HeadcountEvent parsed) {
        return experimentId(parsed, origin.payload()).map(id -> new ExperimentFailed(id, reason(error), service,
                parsed != null ? parsed.type() : field(origin.payload(), "type").orElse(null),
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
            JsonNode node = EventJson.mapper().readTree(payload).get(name);
            return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }
}
