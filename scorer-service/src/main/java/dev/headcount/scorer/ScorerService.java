package dev.headcount.scorer;

import dev.headcount.events.ArtifactStore;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.pipeline.ScoringWorker;
import dev.headcount.pipeline.TaskLoading;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code headcount.experiments} and {@code headcount.models} on one channel, one record at a time (a GPU
 * worker scores one map at a time; replicas share the partitions): {@code ExperimentRequested} → the pre-training
 * task on {@code pretrained}, {@code ModelFineTuned(finetuned/<task>)} → that task on that model
 * ({@link dev.headcount.pipeline.ScoringTrigger}). Stores the map file and publishes one
 * {@code ImportanceMapCompleted} naming it on {@code headcount.head-importance}, {@code Progress} on
 * {@code headcount.progress}; the record is acknowledged (its offset committed) after the broker has them all. Unreadable or unscorable records
 * go to {@code headcount.dead-letter} ({@link RecordProcessor}).
 */
@ApplicationScoped
public class ScorerService {

    @Inject
    Publisher publisher;
    @Inject
    ArtifactStore store;
    @Inject
    TaskLoading tasks;
    @Inject
    RecordProcessor processor;
    @ConfigProperty(name = "quarkus.application.name")
    String service;

    ScoringWorker worker;

    @PostConstruct
    void init() {
        worker = new ScoringWorker(store, tasks, publisher, service);
    }

    @Incoming("scorer-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process(new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value()), (event, units) -> worker.handle(event));
    }
}
