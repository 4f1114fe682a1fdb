package dev.headcount.messaging;

/**
 * Tells a failure caused by a dependency that is down for now (the database unreachable) from a failure of the work
 * itself. {@link RecordProcessor} retries a record that failed because of an outage for as long as the outage lasts,
 * without counting the attempts and never dead-lettering it: the record is fine and the outage ends; giving the record
 * up would lose a result, and failing the experiment would fail it for the operator's maintenance window.
 */
@FunctionalInterface
public interface OutageDetector {
    /** No failure is an outage: every failure counts towards {@code headcount.records.max-attempts}. */
    OutageDetector NONE = error -> false;

    /** Whether {@code error} itself (its causes are asked separately) says a dependency is unreachable. */
    boolean isOutage(Throwable error);

    /** Whether {@code error} or any of its causes is an outage. */
    default boolean causedByOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isOutage(t)) {
                return true;
            }
        }
        return false;
    }
}
