package dev.headcount.pipeline;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Which importance map an event asks the scorer for:
 * <ul>
 *   <li>{@code ExperimentRequested} → the pre-training task on {@code pretrained} (the request's model); the request
 *       is stored in the artifact store if it is not there yet, so later stages can read the plan;</li>
 *   <li>{@code ModelFineTuned} of {@code finetuned/<task>} → that task on that model (the event's artifact URI);
 *       the plan is read from the store;</li>
 *   <li>anything else (other variants, other event types) → nothing.</li>
 * </ul>
 * An event that cannot be scored (invalid request, a task the experiment does not have) throws
 * {@link IllegalArgumentException}; a missing stored request throws {@link IOException}.
 */
public final class ScoringTrigger {

    /** One map to score, on the model at {@code modelLocation}. */
    public record Work(ExperimentPlan plan, ModelVariant variant, String task, String modelLocation) {
    }

    private ScoringTrigger() {
    }

    public static Optional<Work> of(HeadcountEvent event, ArtifactStore store) throws IOException {
        if (event instanceof ExperimentRequested requested) {
            var problems = requested.request().validate();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("experiment " + requested.experimentId() + " is invalid: "
                        + String.join("; ", problems));
            }
            if (!Files.isRegularFile(store.localPath(store.uriOf(requested.experimentId(), ModelVariant.pretrained(),
                    StoredRequests.FILE)))) {
                StoredRequests.store(store, requested);
            }
            ExperimentPlan plan = ExperimentPlan.of(requested);
            return Optional.of(new Work(plan, ModelVariant.pretrained(), plan.pretrainingTask(),
                    plan.request().model()));
        }
        if (event instanceof ModelFineTuned tuned && tuned.variant().kind() == ModelVariant.Kind.FINETUNED) {
            ExperimentPlan plan = StoredRequests.plan(store, tuned.experimentId());
            if (!plan.downstreamTasks().contains(tuned.task())) {
                throw new IllegalArgumentException("experiment " + tuned.experimentId() + " has no downstream task "
                        + tuned.task() + " (its tasks: " + plan.downstreamTasks() + ")");
            }
            return Optional.of(new Work(plan, tuned.variant(), tuned.task(), tuned.artifactUri()));
        }
        return Optional.empty();
    }
}
