package dev.headcount.pipeline;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import java.io.IOException;
import java.util.Optional;

/**
 * What a completed importance map asks the pruner for, judged from the artifact store (not from which events this
 * replica happened to see, so any replica, after any restart, decides the same):
 * <ul>
 *   <li>the pre-training map on {@code pretrained} → the pruned pre-trained models;</li>
 *   <li>any map of the plan, when every map of the plan is now stored and the evaluations have not all been
 *       published yet → the masked evaluations.</li>
 * </ul>
 * Other events ask for nothing. A map of an experiment without a stored request is an {@link IOException} (retried:
 * the request may be written late), a map that is not part of the experiment's plan an
 * {@link IllegalArgumentException} (given up at once by {@link RecordProcessor}).
 */
public final class PruningTrigger {

    public record Work(ExperimentPlan plan, boolean prunePretrained, boolean evaluate) {
    }

    private PruningTrigger() {
    }

    public static Optional<Work> of(HeadcountEvent event, ArtifactStore store, PruningJob job) throws IOException {
        if (!(event instanceof ImportanceMapCompleted map)) {
            return Optional.empty();
        }
        ExperimentPlan plan = StoredRequests.plan(store, map.experimentId());
        if (!plan.importanceMaps().contains(new ExperimentPlan.MapKey(map.variant(), map.task()))) {
            // the scorer only produces the plan's maps: this one is forged, stale or from a mixed-up store, and
            // ignoring it silently would hide that; refused (dead letter, ExperimentFailed), never stored or ranked
            throw new IllegalArgumentException("experiment " + map.experimentId() + " has no importance map of task '"
                    + map.task() + "' on " + map.variant() + " in its plan (its maps: " + plan.importanceMaps().stream()
                    .map(k -> k.task() + " on " + k.variant()).toList() + ")");
        }
        boolean prune = map.variant().equals(ModelVariant.pretrained()) && map.task().equals(plan.pretrainingTask());
        boolean evaluate = !job.evaluationsPublished(plan) && job.missingMaps(plan).isEmpty();
        return prune || evaluate ? Optional.of(new Work(plan, prune, evaluate)) : Optional.empty();
    }
}
