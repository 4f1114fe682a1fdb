package dev.headcount.pipeline;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.Publisher;
import dev.headcount.pipeline.cache.WorkerCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pruner-service's handler of one {@link WorkRequested} of its work topic (given each record by
 * {@code dev.headcount.messaging.WorkRunner}): a {@link WorkUnit.Kind#PRUNE} unit yields one pruned model
 * ({@code PrunedModelReady} on the models topic), an {@link WorkUnit.Kind#EVALUATE} unit the points of one curve
 * (each {@code MaskedModelEvaluated} published as soon as it is known), both with {@code Progress}. It returns once
 * the broker acknowledged them all, so the {@code WorkDone} that follows never runs ahead of the results.
 *
 * <p>The plan is the stored request's ({@link StoredRequests#plan}): a request not (yet) stored is an
 * {@link java.io.IOException}, retried. A unit the plan does not have is refused at once
 * ({@link IllegalArgumentException}), as are bad model or task files ({@link BadFiles}).
 */
public final class PruningWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PruningWorker.class);

    private final ArtifactStore store;
    private final PruningJob job;
    private final Publisher publisher;

    /** A worker that keeps nothing from one unit to the next. */
    public PruningWorker(ArtifactStore store, TaskLoading tasks, Publisher publisher, String service) {
        this(store, tasks, WorkerCache.disabled(), publisher, service);
    }

    /** A worker whose units share the process's {@code cache} of models, tasks and batches. */
    public PruningWorker(ArtifactStore store, TaskLoading tasks, WorkerCache cache, Publisher publisher, String service) {
        this.store = store;
        this.job = new PruningJob(store, tasks, cache, service);
        this.publisher = publisher;
    }

    /**
     * Does the unit (or reads its stored result back) and publishes its events; returns once the broker has them.
     *
     * @return true when the result was already stored and only republished (same ids)
     */
    public boolean handle(WorkRequested request) throws Exception {
        boolean[] reused = {false};
        BadFiles.asBadInput(() -> reused[0] = run(request));
        return reused[0];
    }

    private boolean run(WorkRequested request) throws Exception {
        ExperimentPlan plan = StoredRequests.plan(store, request.experimentId());
        WorkUnit unit = request.unit();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        boolean reused;
        switch (unit.kind()) {
            case PRUNE -> {
                PruningJob.Pruned pruned = job.prune(plan, unit, p -> sent.add(publisher.send(p)));
                sent.add(publisher.send(pruned.event()));
                reused = pruned.reused();
            }
            case EVALUATE -> {
                PruningJob.Evaluated evaluated = job.evaluate(plan, unit, e -> sent.add(publisher.send(e)),
                        p -> sent.add(publisher.send(p)));
                reused = evaluated.reused();
            }
            default -> throw new IllegalArgumentException("the pruner does not do " + unit.kind().label()
                    + " units (" + unit.id() + " of experiment " + request.experimentId() + ")");
        }
        publisher.await(sent);
        LOG.info("{}: {} done{}", request.experimentId(), unit.id(), reused ? " (stored result republished)" : "");
        return reused;
    }
}
