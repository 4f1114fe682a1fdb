package dev.headcount.messaging;

import java.time.Duration;

/**
 * How a service handles its records ({@code headcount.records.*}, the same keys in every service):
 *
 * @param service     the service's name in dead letters and {@code ExperimentFailed} ({@code quarkus.application.name})
 * @param maxAttempts attempts in all of work that may pass (I/O, MongoDB, the engine) before it is given up
 *                    ({@code headcount.records.max-attempts})
 * @param backoff     the pause before the second attempt; each further pause doubles ({@code headcount.records.backoff})
 */
public record RecordSettings(String service, int maxAttempts, Duration backoff) {
    public RecordSettings {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service must be named (quarkus.application.name)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("headcount.records.max-attempts must be >= 1, was " + maxAttempts);
        }
        if (backoff == null || backoff.isNegative()) {
            throw new IllegalArgumentException("headcount.records.backoff must be a duration >= 0, was " + backoff);
        }
    }

    /** The pause after failed attempt {@code attempt} (1-based): backoff, 2 × backoff, 4 × backoff, … */
    public Duration pauseAfter(int attempt) {
        // capped doubling: 2^20 × any sane backoff is already far beyond a useful pause, and it cannot overflow
        return backoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
    }
}
