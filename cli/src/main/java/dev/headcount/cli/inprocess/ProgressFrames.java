package dev.headcount.cli.inprocess;

import dev.headcount.cli.remote.ExperimentProgress;
import dev.headcount.cli.remote.PipelineStage;
import dev.headcount.cli.remote.ProgressDisplay;
import dev.headcount.cli.remote.ProgressFrame;
import dev.headcount.cli.remote.StageCount;
import dev.headcount.cli.remote.StageTimer;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The same progress frame as a run through the services ({@link ProgressFrame}: a bar per stage with elapsed time
 * and ETA), counted from the units done here instead of from the report-service's experiment document: maps
 * (all their shards done), pruned models, evaluations (points), fine-tunes and pruned fine-tunes.
 */
public final class ProgressFrames implements InProcessRun.Listener {
    private final ProgressDisplay display;
    private final LongSupplier nanos;
    private final Map<PipelineStage, StageTimer> timers = new EnumMap<>(PipelineStage.class);
    private final Map<PipelineStage, Long> done = new EnumMap<>(PipelineStage.class);
    private final Map<String, Integer> shardsDone = new HashMap<>();
    private WorkPlan plan;
    private long start;
    private String latest;

    public ProgressFrames(ProgressDisplay display, LongSupplier nanos) {
        this.display = display;
        this.nanos = nanos;
    }

    @Override
    public void planned(WorkPlan plan) {
        this.plan = plan;
        this.start = nanos.getAsLong();
        show(false);
    }

    @Override
    public void started(WorkUnit unit, int index, int total) {
        latest = "unit " + index + " of " + total + ": " + unit.id();
        show(false);
    }

    @Override
    public void done(WorkDone work, int index, int total) {
        WorkUnit unit = work.unit();
        switch (unit.kind()) {
            case SCORE -> {
                String map = unit.variant().name() + "|" + unit.task();
                if (shardsDone.merge(map, 1, Integer::sum) == unit.shards()) {
                    done.merge(PipelineStage.IMPORTANCE_MAPS, 1L, Long::sum);
                }
            }
            case PRUNE -> done.merge(PipelineStage.PRUNED_MODELS, 1L, Long::sum);
            case EVALUATE -> done.merge(PipelineStage.EVALUATIONS, (long) unit.fractions().size(), Long::sum);
            case FINETUNE -> done.merge(fineTuning(unit.variant()), 1L, Long::sum);
        }
        latest = String.format(java.util.Locale.ROOT, "%s %s in %.1f s", unit.id(),
                work.reused() ? "read back" : "done", work.seconds());
        show(index == total);
    }

    /** The stages' counts, as {@link ExperimentProgress#of} reads them from the report-service. */
    ExperimentProgress progress(boolean finished) {
        var experiment = plan.plan();
        Map<PipelineStage, Long> expected = new EnumMap<>(PipelineStage.class);
        expected.put(PipelineStage.FINE_TUNING, experiment.fineTunes().stream()
                .filter(v -> fineTuning(v) == PipelineStage.FINE_TUNING).count());
        expected.put(PipelineStage.IMPORTANCE_MAPS, (long) experiment.importanceMaps().size());
        expected.put(PipelineStage.PRUNED_MODELS, (long) experiment.prunedModels().size());
        expected.put(PipelineStage.EVALUATIONS, (long) experiment.evaluations().size());
        expected.put(PipelineStage.PRUNED_FINE_TUNING, experiment.fineTunes().stream()
                .filter(v -> fineTuning(v) == PipelineStage.PRUNED_FINE_TUNING).count());
        List<StageCount> stages = new ArrayList<>();
        for (PipelineStage stage : PipelineStage.values()) {
            if (expected.get(stage) > 0) {
                stages.add(new StageCount(stage, done.getOrDefault(stage, 0L), expected.get(stage), 0, false));
            }
        }
        return new ExperimentProgress(experiment.experimentId(), finished ? ExperimentProgress.COMPLETED : "running",
                experiment.request().model(), stages, latest, Map.of(), List.of(), List.of());
    }

    private void show(boolean finished) {
        long now = nanos.getAsLong();
        ExperimentProgress progress = progress(finished);
        for (StageCount count : progress.stages()) {
            timers.computeIfAbsent(count.stage(), s -> new StageTimer()).observe(count, now);
        }
        StringBuilder key = new StringBuilder(progress.status());
        progress.stages().forEach(s -> key.append(' ').append(s.done()));
        display.show(ProgressFrame.lines(progress, timers, Duration.ofNanos(now - start)), key.toString(), now,
                finished);
    }

    private static PipelineStage fineTuning(ModelVariant variant) {
        return variant.kind() == ModelVariant.Kind.PRUNED_THEN_FINETUNED ? PipelineStage.PRUNED_FINE_TUNING
                : PipelineStage.FINE_TUNING;
    }
}
