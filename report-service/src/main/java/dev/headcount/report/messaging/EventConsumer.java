package dev.headcount.report.messaging;

import dev.headcount.messaging.Failures;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.report.ExperimentService;
import dev.headcount.report.dispatch.Dispatcher;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The report-service's one consumer (group {@code report}) of every topic it aggregates: experiments,
 * models, head-importance, pruning-evaluations, progress. Records are processed one at a time, in order, on
 * a worker thread, by the shared {@link RecordProcessor} (the same path as the GPU workers'): the handler
 * aggregates ({@link ExperimentService#handle}) and then hands out the units of work the event made ready
 * ({@link Dispatcher}, after aggregation so that "done" includes the event itself); unreadable or unusable events
 * are dead-lettered at once, MongoDB unreachable is waited out ({@code MongoOutages}: the record is retried until
 * the database answers, never dead-lettered), other failures that may pass are tried
 * {@code headcount.records.max-attempts} times first, and a record given up produces ExperimentFailed when its
 * experiment is known. The record is acknowledged (its offset committed)
 * after processing returns, which is after everything it published was acknowledged by the broker; a broker that
 * does not acknowledge fails the channel instead.
 */
@ApplicationScoped
public class EventConsumer {

    @Inject
    ExperimentService service;
    @Inject
    Dispatcher dispatcher;
    @Inject
    RecordProcessor processor;

    @Incoming("events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        processor.process(new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value()), event -> {
            service.handle(event, record.partition(), record.offset());
            dispatcher.dispatch(event);
        });
    }
}
