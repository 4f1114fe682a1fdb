package dev.headcount.report.dispatch;

import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkRequested;

import java.util.List;
import java.util.Optional;

/**
 * Which units an event hands out (pure; {@link Dispatcher} runs it after the event is aggregated):
 * <ul>
 *   <li>{@code ExperimentRequested}: {@link WorkPlan#atStart()}, the units that need nothing;</li>
 *   <li>{@code ImportanceMapCompleted}: {@link WorkPlan#unlockedBy} the map ({@link WorkPlan.MapReady});</li>
 *   <li>{@code ModelFineTuned}, {@code PrunedModelReady}: {@link WorkPlan#unlockedBy} the model
 *       ({@link WorkPlan.ModelReady});</li>
 *   <li>any other event: nothing.</li>
 * </ul>
 * "Done" is what MongoDB holds ({@link StoredResults#done}). Units whose result is already aggregated are left out
 * ({@link StoredResults#produced}): a redelivered or duplicated fact hands out again only the units still without a
 * result; the workers' stored results make those repeats harmless (they read the result back, same event ids).
 */
public final class Handouts {
    private Handouts() {
    }

    /** The need an event fulfils, for the events that unlock units by a fact; empty for every other event. */
    public static Optional<WorkPlan.Need> fact(HeadcountEvent event) {
        if (event instanceof ImportanceMapCompleted map) {
            return Optional.of(new WorkPlan.MapReady(map.variant(), map.task()));
        }
        if (event instanceof ModelFineTuned fineTuned) {
            return Optional.of(new WorkPlan.ModelReady(fineTuned.variant()));
        }
        if (event instanceof PrunedModelReady pruned) {
            return Optional.of(new WorkPlan.ModelReady(pruned.variant()));
        }
        return Optional.empty();
    }

    /** Whether the event can hand anything out (the others need no look at MongoDB). */
    public static boolean handsOut(HeadcountEvent event) {
        return event instanceof ExperimentRequested || fact(event).isPresent();
    }

    /** The requests to publish for {@code event}, in the planner's hand-out order (long units first). */
    public static List<WorkRequested> of(HeadcountEvent event, WorkPlan work, StoredResults stored) {
        List<WorkRequested> ready = event instanceof ExperimentRequested ? work.atStart()
                : fact(event).map(fact -> work.unlockedBy(fact, stored::done)).orElse(List.of());
        return ready.stream().filter(request -> !stored.produced(request.unit())).toList();
    }
}
