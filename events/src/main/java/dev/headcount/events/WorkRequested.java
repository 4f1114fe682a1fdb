package dev.headcount.events;

/**
 * A unit of work handed out: published by the planner ({@link WorkPlan}, run by the report-service) on the unit's
 * work topic once everything the unit needs is ready, consumed by exactly one replica of the worker kind that does
 * it.
 *
 * @param unit    what to do
 * @param ordinal the unit's place among the experiment's units of the same topic, in the planner's hand-out order
 *                (long units first); the key ends with it, so consecutive units land on consecutive partitions
 *                ({@link Topics#workPartition}) and spread over the replicas
 */
public record WorkRequested(String experimentId, WorkUnit unit, int ordinal) implements HeadcountEvent {
    private static final String TYPE = "WorkRequested";

    public WorkRequested {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "unit", unit);
        RequiredFields.nonNegative(TYPE, "ordinal", ordinal);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, unit.id());
    }

    /** {@code <experimentId>/<kind>/<ordinal>}: see {@link Topics#workPartition}. */
    @Override
    public String key() {
        return Topics.key(experimentId, unit.kind().label(), ordinal);
    }

    @Override
    public String topic() {
        return unit.topic();
    }
}
