package dev.headcount.messaging.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The record path's keys, the same in every service (application.properties, or the environment:
 * {@code HEADCOUNT_RECORDS_MAX_ATTEMPTS}, …). A mapping of its own, so that a service whose own mapping claims the
 * whole {@code headcount} prefix (report-service) need not repeat these.
 */
@ConfigMapping(prefix = "headcount.records")
public interface RecordsConfig {

    /** Attempts in all of work that fails for a reason that may pass (I/O, MongoDB, the engine). */
    @WithDefault("3")
    int maxAttempts();

    /** The pause before the second attempt; each further pause doubles. */
    @WithDefault("PT1S")
    Duration backoff();

    /** How long to wait for the broker to acknowledge what a record produced. */
    @WithDefault("PT60S")
    Duration publishTimeout();
}
