package dev.headcount.pruner;

import dev.headcount.events.ArtifactStore;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.pipeline.PruningWorker;
import dev.headcount.pipeline.TaskLoading;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code headcount.head-importance}, one record at a time, and acts on {@code ImportanceMapCompleted}
 * ({@link dev.headcount.pipeline.PruningTrigger}): the pre-training map → the pre-trained model physically pruned at
 * each fine-tune fraction, {@code PrunedModelReady} on {@code headcount.models}; the map that completes the
 * experiment's set (judged from the artifact store) → every masked-model evaluation, each
 * {@code MaskedModelEvaluated} on {@code headcount.pruning-evaluations} as soon as it is computed, with
 * {@code Progress}. The record is acknowledged after the broker has everything. Per-head events are ignored;
 * unreadable records and maps that cannot be acted on go to {@code headcount.dead-letter} ({@link RecordProcessor}).
 */
@ApplicationScoped
public class PrunerService {

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

    PruningWorker worker;

    @PostConstruct
    void init() {
        worker = new PruningWorker(store, tasks, publisher, service);
    }

    @Incoming("pruner-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process(new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value()), (event, units) -> worker.handle(event));
    }
}
