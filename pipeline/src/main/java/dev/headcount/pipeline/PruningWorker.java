package dev.headcount.pipeline;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.messaging.Publisher;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.PrunedModelReady;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pruner-service's handler (given each record by {@code dev.headcount.messaging.RecordProcessor}), for
 * completed maps ({@link PruningTrigger}): the pre-training map yields the pruned
 * pre-trained models ({@code PrunedModelReady} on the models topic); the map that completes the plan's set yields
 * every masked evaluation, each {@code MaskedModelEvaluated} published as soon as it is computed (with
 * {@code Progress}). When all are acknowledged, the experiment is marked done in the store, so a later (duplicate
 * or replayed) map event does not replay them.
 */
public final class PruningWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PruningWorker.class);

    private final ArtifactStore store;
    private final PruningJob job;
    private final Publisher publisher;

    public PruningWorker(ArtifactStore store, TaskLoading tasks, Publisher publisher, String service) {
        this.store = store;
        this.job = new PruningJob(store, tasks, service);
        this.publisher = publisher;
    }

    /** The work the event asks for (possibly none); returns once the broker has everything it published. */
    public void handle(HeadcountEvent event) throws Exception {
        BadFiles.asBadInput(() -> prune(event));
    }

    private void prune(HeadcountEvent event) throws Exception {
        Optional<PruningTrigger.Work> work = PruningTrigger.of(event, store, job);
        if (work.isEmpty()) {
            return;
        }
        PruningTrigger.Work w = work.get();
        String id = w.plan().experimentId();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        if (w.prunePretrained()) {
            LOG.info("{}: pruning the pre-trained model at {}", id, w.plan().request().finetuneFractions());
            List<PrunedModelReady> ready = job.prunePretrained(w.plan(), p -> sent.add(publisher.send(p)));
            ready.forEach(r -> sent.add(publisher.send(r)));
            publisher.await(sent);
            sent.clear();
        }
        if (w.evaluate()) {
            LOG.info("{}: every map is in, evaluating {} masked models", id, w.plan().evaluations().size());
            List<MaskedModelEvaluated> all = job.evaluate(w.plan(), e -> sent.add(publisher.send(e)),
                    p -> sent.add(publisher.send(p)));
            publisher.await(sent);
            job.markEvaluationsPublished(w.plan(), all.size());
            LOG.info("{}: published {} evaluations", id, all.size());
        }
    }
}
