package dev.headcount.events;

import java.time.Instant;

/**
 * A client asks for an experiment. Validate the request ({@link ExperimentRequest#validate()}) before
 * publishing; every service reacts to it (fine-tune each downstream task, score the pre-training task).
 *
 * @param requestedAt when it was asked for (informational; not part of the id)
 */
public record ExperimentRequested(String experimentId, ExperimentRequest request, Instant requestedAt)
        implements HeadcountEvent {
    private static final String TYPE = "ExperimentRequested";

    public ExperimentRequested {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "request", request);
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
