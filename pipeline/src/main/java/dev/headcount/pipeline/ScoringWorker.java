package dev.headcount.pipeline;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkPlan;
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
 * The scorer-service's unit of work (given each record by {@code dev.headcount.messaging.WorkRunner}): one
 * scoring shard ({@link WorkUnit.Kind#SCORE}) of one importance map, scored or read back ({@link ScoringJob#runShard})
 * with {@code Progress} published as its batches finish (subject: the unit's id); when the shard completes the map,
 * the map's {@code ImportanceMapCompleted} is published too. Returns once the broker has all of it.
 *
 * <p>The plan comes from the stored request ({@link StoredRequests}, written by the report-service before it hands
 * out units). A unit the plan does not have (another task, another model, another shard count) is refused with an
 * {@link IllegalArgumentException}: it is bad input, dead-lettered without retries.
 */
public final class ScoringWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringWorker.class);

    private final ArtifactStore store;
    private final ScoringJob job;
    private final Publisher publisher;

    /** A worker that keeps nothing from one unit to the next. */
    public ScoringWorker(ArtifactStore store, TaskLoading tasks, Publisher publisher, String service) {
        this(store, tasks, WorkerCache.disabled(), publisher, service);
    }

    /** A worker whose units share the process's {@code cache} of models, tasks and batches. */
    public ScoringWorker(ArtifactStore store, TaskLoading tasks, WorkerCache cache, Publisher publisher, String service) {
        this.store = store;
        this.job = new ScoringJob(store, tasks, cache, service);
        this.publisher = publisher;
    }

    /** @return true when the shard was already stored and only read back (its map events are published again) */
    public boolean handle(WorkRequested request) throws Exception {
        boolean[] reused = {false};
        BadFiles.asBadInput(() -> reused[0] = score(request));
        return reused[0];
    }

    private boolean score(WorkRequested request) throws Exception {
        WorkUnit unit = request.unit();
        if (unit.kind() != WorkUnit.Kind.SCORE) {
            throw new IllegalArgumentException("the scorer does only score units, not " + unit.kind().label() + " ("
                    + unit.id() + ")");
        }
        ExperimentPlan plan = StoredRequests.plan(store, request.experimentId());
        requirePlanned(plan, unit);
        LOG.info("{}: {}", request.experimentId(), unit.id());
        List<CompletableFuture<Void>> progress = new ArrayList<>();
        ScoringJob.ShardResult result = job.runShard(plan, unit, p -> progress.add(publisher.send(p)));
        publisher.await(progress);
        publisher.publishAll(result.events());
        LOG.info("{}: {} done{}{}", request.experimentId(), unit.id(), result.reused() ? " (reused)" : "",
                result.map().isPresent() ? ", published the map" : "");
        return result.reused();
    }

    /** The unit must be one the planner lists for this experiment, so that its shards can be merged. */
    private static void requirePlanned(ExperimentPlan plan, WorkUnit unit) {
        if (!WorkPlan.of(plan).units().contains(unit)) {
            List<String> maps = new ArrayList<>();
            maps.add(plan.pretrainingTask() + " on " + ModelVariant.pretrained());
            plan.downstreamTasks().forEach(t -> maps.add(t + " on " + ModelVariant.finetuned(t)));
            throw new IllegalArgumentException("experiment " + plan.experimentId() + " has no scoring unit "
                    + unit.id() + " in its plan (its maps: " + maps + ", each in "
                    + plan.request().importance().shards() + " shards)");
        }
    }
}
