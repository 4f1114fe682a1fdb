package dev.headcount.cli.inprocess;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.BadFiles;
import dev.headcount.pipeline.FineTuneJob;
import dev.headcount.pipeline.PruningJob;
import dev.headcount.pipeline.ScoringJob;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.pipeline.cache.WorkerCache;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.report.ExperimentReport;
import dev.headcount.report.report.ExperimentSnapshot;
import dev.headcount.report.report.MapUnitRows;
import dev.headcount.report.report.ReportBuilder;
import dev.headcount.report.report.ReportFiles;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One experiment run in this JVM: every unit of {@link WorkPlan#units()} in hand-out order, each as soon as its needs
 * are met (one at a time), through the jobs the GPU workers run ({@link ScoringJob#runShard}, which merges a map
 * when its last shard is in; {@link PruningJob}; {@link FineTuneJob} from the unit's base checkpoint), then the
 * report from the result events and a {@link WorkDone} per unit, as the report-service would write it.
 *
 * <p>Like the services, every result is stored in the artifact store under its unit, so running the same experiment
 * id again against the same store reads them back ({@code reused}) instead of computing them again.
 */
public final class InProcessRun {
    /** The worker named in each {@link WorkDone}. */
    public static final String WORKER = "in-process";

    private final ArtifactStore store;
    private final ScoringJob scoring;
    private final PruningJob pruning;
    private final FineTuneJob fineTuning;
    private final Listener listener;
    private final Clock clock;

    /** Told when each unit starts and ends (the command's progress lines). */
    public interface Listener {
        /** Before the first unit. */
        default void planned(WorkPlan plan) {
        }

        void started(WorkUnit unit, int index, int total);

        void done(WorkDone done, int index, int total);
    }

    /** The experiment's results and its report, whose files are written under the run's directory. */
    public record Outcome(ExperimentSnapshot snapshot, ExperimentReport report, List<Path> files) {
    }

    public InProcessRun(ArtifactStore store, TaskLoading tasks, FineTuneJob fineTuning, Listener listener,
                        Clock clock) {
        this.store = store;
        // one cache for both, as in the scorer-service: shards, prune units and curves share models and data
        // (its at most two models are freed with the JVM, which ends with the run)
        WorkerCache cache = new WorkerCache();
        this.scoring = new ScoringJob(store, tasks, cache, WORKER);
        this.pruning = new PruningJob(store, tasks, cache, WORKER);
        this.fineTuning = fineTuning;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Runs every unit of the request's plan and writes the report's files into {@code reportDirectory}.
     *
     * @throws IllegalArgumentException when the request is not valid (its problems named)
     */
    public Outcome run(ExperimentRequested requested, Path reportDirectory) throws Exception {
        List<String> problems = requested.request().validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the request is not valid: " + String.join("; ", problems));
        }
        // the workers read the plan from the stored request; so does a later ./headcount reproduce
        StoredRequests.store(store, requested);
        ExperimentPlan plan = new ExperimentPlan(requested.experimentId(), requested.request());
        WorkPlan work = WorkPlan.of(plan);
        Results results = new Results();
        listener.planned(work);
        List<WorkUnit> pending = new ArrayList<>(work.units());
        int total = pending.size();
        while (!pending.isEmpty()) {
            WorkUnit unit = next(work, pending, results.done);
            pending.remove(unit);
            int index = total - pending.size();
            listener.started(unit, index, total);
            Instant startedAt = clock.instant();
            boolean[] reused = {false};
            BadFiles.asBadInput(() -> reused[0] = run(plan, unit, results));
            WorkDone done = new WorkDone(plan.experimentId(), unit, WORKER, startedAt, clock.instant(), reused[0]);
            results.work.add(done);
            listener.done(done, index, total);
        }
        Instant completedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ExperimentSnapshot snapshot = new ExperimentSnapshot(plan.experimentId(), "completed",
                requested.requestedAt(), completedAt, null, null, plan, results.maps, results.evaluations,
                results.fineTunes, Completion.ofResults(plan, results.maps, results.evaluations, results.fineTunes,
                results.pruned), MapUnitRows.read(store, plan.experimentId(), results.maps), results.work);
        ExperimentReport report = ReportBuilder.build(snapshot);
        List<Path> files = new ArrayList<>();
        for (ReportFiles.ReportFile file : ReportFiles.of(report)) {
            Path target = reportDirectory.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
            files.add(target);
        }
        return new Outcome(snapshot, report, files);
    }

    /** The first pending unit, in hand-out order, whose needs are met. */
    private WorkUnit next(WorkPlan work, List<WorkUnit> pending, Set<WorkPlan.Need> done) {
        for (WorkUnit unit : pending) {
            if (done.containsAll(work.needs(unit))) {
                return unit;
            }
        }
        // the planner's needs are all produced by its own units, so this is a planner bug, not bad input
        throw new IllegalStateException("experiment " + work.plan().experimentId() + ": no pending unit can run ("
                + pending.size() + " pending, first " + pending.get(0).id() + " needs " + work.needs(pending.get(0))
                + "; done: " + done + ")");
    }

    /** Runs one unit and records what it produced; returns whether its result was read back. */
    private boolean run(ExperimentPlan plan, WorkUnit unit, Results results) throws IOException {
        return switch (unit.kind()) {
            case SCORE -> {
                ScoringJob.ShardResult shard = scoring.runShard(plan, unit, p -> { });
                shard.map().ifPresent(map -> {
                    ImportanceMapCompleted completed = map.withMatrices();
                    results.maps.add(completed);
                    results.done.add(new WorkPlan.MapReady(completed.variant(), completed.task()));
                });
                yield shard.reused();
            }
            case PRUNE -> {
                PruningJob.Pruned pruned = pruning.prune(plan, unit, p -> { });
                results.pruned.add(pruned.event().variant());
                results.done.add(new WorkPlan.ModelReady(pruned.event().variant()));
                yield pruned.reused();
            }
            case EVALUATE -> {
                PruningJob.Evaluated evaluated = pruning.evaluate(plan, unit, null, p -> { });
                results.evaluations.addAll(evaluated.events());
                yield evaluated.reused();
            }
            case FINETUNE -> {
                ModelVariant variant = unit.variant();
                FineTuneJob.Outcome outcome = fineTuning.run(plan, variant, base(plan, variant), p -> { });
                results.fineTunes.add(outcome.event());
                results.done.add(new WorkPlan.ModelReady(variant));
                yield outcome.reused();
            }
        };
    }

    /** As the finetune-service: the request's model (null) for a full fine-tune, else the stored pruned model. */
    private URI base(ExperimentPlan plan, ModelVariant variant) {
        return variant.base().equals(ModelVariant.pretrained()) ? null
                : ArtifactLayout.model(store, plan.experimentId(), variant.base());
    }

    /** What the units produced so far. */
    private static final class Results {
        final Set<WorkPlan.Need> done = new HashSet<>();
        final List<ImportanceMapCompleted> maps = new ArrayList<>();
        final List<MaskedModelEvaluated> evaluations = new ArrayList<>();
        final List<ModelFineTuned> fineTunes = new ArrayList<>();
        final Set<ModelVariant> pruned = new LinkedHashSet<>();
        final List<WorkDone> work = new ArrayList<>();
    }
}
