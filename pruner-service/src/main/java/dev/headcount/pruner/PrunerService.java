package dev.headcount.pruner;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.WorkRunner;
import dev.headcount.pipeline.PruningWorker;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.services.WorkRunners;
import dev.headcount.pipeline.cache.WorkerCache;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code headcount.pruning-jobs} (group {@code pruner}), one record = one unit of work at a time, through
 * {@link WorkRunner}: a {@code prune} unit → one pruned pre-trained model, {@code PrunedModelReady} on
 * {@code headcount.models}; an {@code evaluate} unit → the points of one masked-evaluation curve, each
 * {@code MaskedModelEvaluated} on {@code headcount.pruning-evaluations} as soon as it is known; {@code Progress} and,
 * once the broker has the results, {@code WorkDone} on {@code headcount.progress} ({@link PruningWorker}). The
 * record is acknowledged after that. Replicas share the topic's partitions, so an experiment's units spread over
 * them. Unreadable records, units of other kinds and units that cannot be done go to {@code headcount.dead-letter}
 * ({@link RecordProcessor}).
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
    WorkRunners runners;
    @Inject
    WorkerCache cache;
    @ConfigProperty(name = "quarkus.application.name")
    String service;

    PruningWorker worker;
    WorkRunner runner;

    @PostConstruct
    void init() {
        worker = new PruningWorker(store, tasks, cache, publisher, service);
        runner = runners.create(EnumSet.of(WorkUnit.Kind.EVALUATE));
    }

    @Incoming("pruner-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        runner.process(new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value()), worker::handle);
    }
}
