package dev.headcount.messaging.quarkus;

import dev.headcount.messaging.OutageDetector;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.RecordSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The record path of every service, from one set of configuration keys ({@link RecordsConfig}):
 * <ul>
 *   <li>{@code headcount.records.max-attempts} (default 3): attempts in all of work that may pass;</li>
 *   <li>{@code headcount.records.backoff} (default PT1S): the pause before the second attempt, doubling after;</li>
 *   <li>{@code headcount.records.publish-timeout} (default PT60S): how long the {@link Publisher} waits for the
 *       broker;</li>
 *   <li>{@code quarkus.application.name}: the service in dead letters and failures.</li>
 * </ul>
 * Failures that a service's {@link OutageDetector} beans (the report-service's: MongoDB unreachable) call an outage
 * are retried until the dependency is back, never dead-lettered.
 * Dead letters are counted in {@code headcount.records.dead-letters} (tag {@code topic}: where the record was read).
 * A service whose {@code events-out} channel does not say {@code acks=all} does not start: the acknowledgement the
 * record path waits for must mean that every in-sync replica has the record.
 */
@ApplicationScoped
public class RecordBeans {
    static final String ACKS = "mp.messaging.outgoing." + EmitterSink.CHANNEL + ".acks";

    void requireAcksAll(@Observes StartupEvent start, @ConfigProperty(name = ACKS, defaultValue = "") String acks) {
        requireAcksAll(acks);
    }

    /** Refuses any producer acknowledgement but {@code all} (also when unset: the client's default has changed before). */
    static void requireAcksAll(String acks) {
        String value = acks == null ? "" : acks.trim();
        if (!value.equals("all") && !value.equals("-1")) {
            throw new IllegalStateException(ACKS + " must be 'all' (the broker acknowledges a record once every in-sync"
                    + " replica has it; a consumed record is committed only after that), was '" + value + "'");
        }
    }

    @Produces
    @Singleton
    Publisher publisher(EmitterSink sink, RecordsConfig config) {
        return new Publisher(sink, config.publishTimeout());
    }

    @Produces
    @Singleton
    RecordProcessor processor(Publisher publisher, MeterRegistry registry, RecordsConfig config,
                              @ConfigProperty(name = "quarkus.application.name") String service,
                              @Any Instance<OutageDetector> detectors) {
        List<OutageDetector> outages = detectors.stream().toList();
        return new RecordProcessor(new RecordSettings(service, config.maxAttempts(), config.backoff()), publisher,
                letter -> registry.counter("headcount.records.dead-letters", "topic", letter.topic()).increment(),
                error -> outages.stream().anyMatch(d -> d.isOutage(error)));
    }
}
