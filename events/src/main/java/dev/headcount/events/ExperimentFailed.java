package dev.headcount.events;

import java.time.Instant;

/**
 * A unit of work of the experiment could not be done (it also went to the dead-letter topic).
 *
 * @param reason          readable, e.g. {@code ModelFineTuned.variant: 'pretrained' is not a fine-tuned variant}
 * @param service         the service that gave up
 * @param failedEventType type of the event that could not be processed, or {@code null} if it did not parse
 * @param failedEventId   its id, or {@code null}
 * @param failedAt        informational; not part of the id
 */
public record ExperimentFailed(String experimentId, String reason, String service, String failedEventType,
                               String failedEventId, Instant failedAt) implements HeadcountEvent {
    private static final String TYPE = "ExperimentFailed";

    public ExperimentFailed {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.text(TYPE, "reason", reason);
        RequiredFields.text(TYPE, "service", service);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, service, failedEventType, failedEventId);
    }

    @Override
    public String key() {
        return experimentId;
    }

    @Override
    public String topic() {
        return Topics.EXPERIMENTS;
    }
}
