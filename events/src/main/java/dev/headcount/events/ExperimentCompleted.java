package dev.headcount.events;

import java.time.Instant;

/**
 * The report-service has every result of the experiment and has written the report.
 *
 * @param reportUri   {@code file:} URI of the report, or {@code null}
 * @param completedAt informational; not part of the id
 */
public record ExperimentCompleted(String experimentId, String reportUri, Instant completedAt)
        implements HeadcountEvent {
    private static final String TYPE = "ExperimentCompleted";

    public ExperimentCompleted {
        RequiredFields.experimentId(TYPE, experimentId);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId);
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
