package dev.headcount.events;

import java.time.Instant;

/**
 * A record a service could not process, as it was received, with why. Not a {@link HeadcountEvent}: its
 * payload may not even parse. Publish on {@link Topics#DEAD_LETTER} with the original key.
 *
 * @param topic        where it came from
 * @param partition    its partition
 * @param offset       its offset
 * @param key          its key, or {@code null}
 * @param payload      its value as text, unchanged
 * @param error        why it was given up, e.g. the {@link InvalidEventException} message
 * @param service      the service that gave up
 * @param attempts     how many times it was tried
 * @param experimentId the experiment, if the payload said so, else {@code null}
 * @param deadAt       informational
 */
public record DeadLetter(String topic, int partition, long offset, String key, String payload, String error,
                         String service, int attempts, String experimentId, Instant deadAt) {
    private static final String TYPE = "DeadLetter";

    public DeadLetter {
        RequiredFields.text(TYPE, "topic", topic);
        RequiredFields.text(TYPE, "error", error);
        RequiredFields.text(TYPE, "service", service);
    }

    /** Deterministic, like event ids: the same record given up twice is one dead letter. */
    public String deadLetterId() {
        return EventIds.of(TYPE, topic, partition, offset, service);
    }
}
