package dev.headcount.scorer;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.WorkRunner;
import dev.headcount.pipeline.PruningWorker;
import dev.headcount.pipeline.ScoringWorker;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.services.WorkRunners;
import dev.headcount.pipeline.cache.WorkerCache;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code headcount.scoring-jobs} (channel {@code scorer-in}, group {@code scorer}), one record at a time:
 * each is a {@code WorkRequested} for one scoring shard of one importance map, handed out by the report-service.
 * The shard's raw sums are stored beside the map; the replica whose shard completes the set merges the map, stores
 * it and publishes one {@code ImportanceMapCompleted} naming it on {@code headcount.head-importance}
 * ({@link ScoringWorker}). {@code Progress} per shard goes to {@code headcount.progress}, and {@code WorkDone} after
 * the shard's results were acknowledged ({@link WorkRunner}); the record is acknowledged (its offset committed) after
 * that. The same topic carries the pruned models ({@code prune} units, {@link PruningWorker}: the pre-trained model
 * physically pruned by pre-training importance, {@code PrunedModelReady} on {@code headcount.models}): they gate the
 * longest chain of the plan and the scorer is idle once the maps are in. Unreadable records, units of other kinds and units the plan does not have go to
 * {@code headcount.dead-letter} ({@link RecordProcessor}).
 */
@ApplicationScoped
public class ScorerService {

    @Inject
    Publisher publisher;
    @Inject
    ArtifactStore store;
    @Inject
    TaskLoading tasks;
    /** One cache per process: the scorer's shards and prune units share the pre-trained model. */
    @Inject
    WorkerCache cache;
    @Inject
    WorkRunners runners;
    @ConfigProperty(name = "quarkus.application.name")
    String service;

    ScoringWorker worker;
    PruningWorker pruning;
    WorkRunner runner;

    @PostConstruct
    void init() {
        worker = new ScoringWorker(store, tasks, cache, publisher, service);
        pruning = new PruningWorker(store, tasks, cache, publisher, service);
        runner = runners.create(Set.of(WorkUnit.Kind.SCORE, WorkUnit.Kind.PRUNE));
    }

    @Incoming("scorer-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        runner.process(new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value()), request -> request.unit().kind() == WorkUnit.Kind.PRUNE
                ? pruning.handle(request) : worker.handle(request));
    }
}
