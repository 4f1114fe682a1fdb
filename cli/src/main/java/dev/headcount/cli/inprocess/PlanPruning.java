package dev.headcount.cli.inprocess;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.Progress;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.PruningJob;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The pruner's units ({@code prune}, {@code evaluate}) over this build's {@link PruningJob}, which works on the whole
 * plan: {@link PruningJob#prunePretrained} builds every pruned model and {@link PruningJob#evaluate} every curve
 * (both store their results and read them back on a second call). So the first unit of each kind does the work of
 * all of them, the other evaluations only pick their points ({@code reused}), the other pruned models are read
 * back, and evaluations wait until the needs of every evaluation are met. Kept apart so that a per-unit {@code PruningJob} replaces only this class.
 */
final class PlanPruning {
    private final PruningJob job;
    private final ArtifactStore store;
    private List<MaskedModelEvaluated> evaluated;
    private boolean evaluatedBefore;

    PlanPruning(PruningJob job, ArtifactStore store) {
        this.job = job;
        this.store = store;
    }

    /** Whether {@code unit} can run now, beyond its own needs ({@code done}). */
    boolean ready(WorkPlan plan, WorkUnit unit, Predicate<WorkPlan.Need> done) {
        if (unit.kind() != WorkUnit.Kind.EVALUATE) {
            return true;
        }
        return plan.units().stream().filter(u -> u.kind() == WorkUnit.Kind.EVALUATE)
                .allMatch(u -> plan.needs(u).stream().allMatch(done));
    }

    record Pruned(PrunedModelReady event, boolean reused) {
    }

    record Evaluated(List<MaskedModelEvaluated> events, boolean reused) {
    }

    Pruned prune(ExperimentPlan plan, WorkUnit unit, Consumer<Progress> progress) throws IOException {
        // the job reuses a stored checkpoint (the pruner's idempotency): read back when it was there before
        boolean reused = Files.isDirectory(store.localPath(ArtifactLayout.model(store, plan.experimentId(),
                unit.variant())));
        List<PrunedModelReady> all = job.prunePretrained(plan, progress);
        PrunedModelReady event = all.stream().filter(e -> e.variant().equals(unit.variant())).findFirst()
                .orElseThrow(() -> new IllegalStateException("pruning " + plan.experimentId() + " gave no "
                        + unit.variant() + " (unit " + unit.id() + ")"));
        return new Pruned(event, reused);
    }

    Evaluated evaluate(ExperimentPlan plan, WorkUnit unit, Consumer<Progress> progress) throws IOException {
        boolean reused = evaluated != null || evaluatedBefore;
        if (evaluated == null) {
            // as the pruner-service: marked once every evaluation is stored, so a later run knows it reads back
            evaluatedBefore = job.evaluationsPublished(plan);
            reused = evaluatedBefore;
            evaluated = job.evaluate(plan, null, progress);
            job.markEvaluationsPublished(plan, evaluated.size());
        }
        List<MaskedModelEvaluated> mine = evaluated.stream()
                .filter(e -> e.baseVariant().equals(unit.variant()) && e.ranking().equals(unit.ranking())
                        && e.evaluatedTask().equals(unit.task())
                        && unit.fractions().stream().anyMatch(f -> Double.compare(f, e.fraction()) == 0))
                .toList();
        if (mine.size() != unit.fractions().size()) {
            throw new IllegalStateException("evaluating " + plan.experimentId() + " gave " + mine.size() + " of the "
                    + unit.fractions().size() + " points of " + unit.id());
        }
        return new Evaluated(mine, reused);
    }
}
