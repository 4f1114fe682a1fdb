package dev.headcount.pipeline;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.messaging.Publisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer-service's handler (given each record by {@code dev.headcount.messaging.RecordProcessor}): the map an
 * event asks for ({@link ScoringTrigger}) is scored ({@link ScoringJob})
 * with {@code Progress} published as batches finish, then the map's events are published and awaited.
 */
public final class ScoringWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringWorker.class);

    private final ArtifactStore store;
    private final ScoringJob job;
    private final Publisher publisher;

    public ScoringWorker(ArtifactStore store, TaskLoading tasks, Publisher publisher, String service) {
        this.store = store;
        this.job = new ScoringJob(store, tasks, service);
        this.publisher = publisher;
    }

    /** The work the event asks for (possibly none); returns once the broker has everything it published. */
    public void handle(HeadcountEvent event) throws Exception {
        BadFiles.asBadInput(() -> score(event));
    }

    private void score(HeadcountEvent event) throws Exception {
        Optional<ScoringTrigger.Work> work = ScoringTrigger.of(event, store);
        if (work.isEmpty()) {
            return;
        }
        ScoringTrigger.Work w = work.get();
        LOG.info("{}: scoring {} on {} ({})", w.plan().experimentId(), w.task(), w.variant(), w.modelLocation());
        List<CompletableFuture<Void>> progress = new ArrayList<>();
        ScoringJob.Result result = job.run(w.plan(), w.variant(), w.task(), w.modelLocation(),
                p -> progress.add(publisher.send(p)));
        publisher.await(progress);
        publisher.publishAll(result.events());
        LOG.info("{}: published the map of {} on {} ({} events{})", w.plan().experimentId(), w.task(), w.variant(),
                result.events().size(), result.reused() ? ", reused" : "");
    }
}
