package dev.headcount.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A worker finished one unit: which replica, when, and whether it computed the unit or read a stored result
 * ({@code reused}). Published after the unit's results were acknowledged by the broker. The report keeps every
 * one: they are the unit durations {@code headcount simulate} schedules, and they show which replica did what.
 *
 * <p>Unlike other events this one records an occurrence, not a fact about the experiment: two handlings of one unit
 * (a redelivery) are two occurrences, so its id includes the worker and the start time.
 *
 * @param worker     the replica: {@code <service>@<host>:<pid>}
 * @param startedAt  when the worker took the unit
 * @param finishedAt when its results were acknowledged
 * @param reused     true when the result was already stored and only read back and republished
 */
public record WorkDone(String experimentId, WorkUnit unit, String worker, Instant startedAt, Instant finishedAt,
                       boolean reused) implements HeadcountEvent {
    private static final String TYPE = "WorkDone";

    public WorkDone {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "unit", unit);
        RequiredFields.text(TYPE, "worker", worker);
        RequiredFields.present(TYPE, "startedAt", startedAt);
        RequiredFields.present(TYPE, "finishedAt", finishedAt);
        if (finishedAt.isBefore(startedAt)) {
            throw new InvalidEventException(TYPE, "finishedAt", "is before startedAt (" + finishedAt + " < "
                    + startedAt + ")");
        }
    }

    public double seconds() {
        return Duration.between(startedAt, finishedAt).toNanos() / 1e9;
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, unit.id(), worker, startedAt);
    }

    @Override
    public String key() {
        return experimentId;
    }

    @Override
    public String topic() {
        return Topics.PROGRESS;
    }
}
