package dev.headcount.report.messaging;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.InvalidEventException;
import dev.headcount.report.ExperimentService;
import dev.headcount.report.ReportConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * The report-service's one consumer (group {@code report}) of every topic it aggregates: experiments,
 * models, head-importance, pruning-evaluations, progress. Records are processed one at a time, in order, on
 * a worker thread; the record is acknowledged (its offset committed) after processing returns, which is after
 * everything it published was acknowledged by the broker.
 *
 * <p>A record that cannot be processed goes to the dead-letter topic and, when its experiment is known,
 * produces ExperimentFailed; then consumption goes on. Unreadable or unusable events are dead at once; other
 * failures (MongoDB or the broker unavailable) are tried {@code headcount.report.attempts} times first.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    @Inject
    ExperimentService service;
    @Inject
    EventPublisher publisher;
    @Inject
    ReportConfig config;
    @Inject
    MeterRegistry registry;

    @Incoming("events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        process(record.topic(), record.partition(), record.offset(), record.key(), record.value());
    }

    /** Processes one record: never throws for a bad record (it is dead-lettered), so the channel keeps going. */
    public void process(String topic, int partition, long offset, String key, String payload) {
        HeadcountEvent event;
        try {
            event = EventJson.fromJson(payload);
        } catch (InvalidEventException e) {
            deadLetter(topic, partition, offset, key, payload, e.getMessage(), 1, null, e.eventType());
            return;
        }
        int attempts = Math.max(1, config.report().attempts());
        for (int attempt = 1; ; attempt++) {
            try {
                service.handle(event, partition, offset);
                return;
            } catch (IllegalArgumentException | InvalidEventException e) {
                deadLetter(topic, partition, offset, key, payload, e.getMessage(), attempt, event, event.type());
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    deadLetter(topic, partition, offset, key, payload, "failed " + attempt + " times: " + e,
                            attempt, event, event.type());
                    return;
                }
                LOG.warnf(e, "processing %s %s failed (attempt %d of %d), retrying", event.type(), event.eventId(),
                        attempt, attempts);
                sleep();
            }
        }
    }

    private void deadLetter(String topic, int partition, long offset, String key, String payload, String error,
                            int attempts, HeadcountEvent event, String eventType) {
        String experimentId = event != null ? event.experimentId() : ExperimentIdSniffer.experimentId(payload);
        String serviceName = config.report().serviceName();
        LOG.warnf("dead letter from %s[%d]@%d (experiment %s): %s", topic, partition, offset, experimentId, error);
        registry.counter("headcount.report.dead.letters").increment();
        publisher.publish(new DeadLetter(topic, partition, offset, key, payload, error, serviceName, attempts,
                experimentId, Instant.now()));
        if (experimentId != null && !(event instanceof ExperimentFailed)) {
            publisher.publish(new ExperimentFailed(experimentId, error, serviceName, eventType,
                    event == null ? null : event.eventId(), Instant.now()));
        }
    }

    private void sleep() {
        try {
            Thread.sleep(config.report().retryDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
