package dev.headcount.report.report;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.WorkDone;
import dev.headcount.metrics.coherence.GateGradientRows;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.aggregation.ResultIds;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one experiment at one moment: what a report is built from (no MongoDB in here). The
 * results are kept in the order of their {@link ResultIds}, so the report does not depend on the order they came in.
 *
 * @param maps     the importance maps with their matrices (version-1 events, or version-2 events completed from
 *                 their files by {@code ImportanceMapFile.readAnnounced})
 * @param unitRows the per-unit gate gradients of each importance map (from its artifact file), which the
 *                 report's coherence intervals and split-half reliabilities resample; maps without them
 *                 (older files) get point estimates only
 * @param work     every unit of work handled so far ({@code WorkDone}), in any order: the report's {@code units}
 */
public record ExperimentSnapshot(String experimentId, String status, Instant requestedAt, Instant completedAt,
                                 Instant failedAt, String failureReason, ExperimentPlan plan,
                                 List<ImportanceMapCompleted> maps, List<MaskedModelEvaluated> evaluations,
                                 List<ModelFineTuned> fineTunes, Completion completion,
                                 Map<ExperimentPlan.MapKey, GateGradientRows> unitRows, List<WorkDone> work) {
    public ExperimentSnapshot {
        for (ImportanceMapCompleted map : maps) {
            // the report is built from the matrices; a version-2 event only says where they are
            if (!map.carriesMatrices()) {
                throw new IllegalArgumentException("ExperimentSnapshot.maps: the map of " + map.task() + " on "
                        + map.variant() + " has no matrices; read them from its file " + map.artifactUri()
                        + " first (ImportanceMapFile.readAnnounced)");
            }
        }
        // in the order of their ids, whatever order they arrived in: the report-service reads them from MongoDB
        // sorted by _id (the same ids), the in-process run holds them as its units ran, and both write one report
        maps = maps.stream().sorted(Comparator.comparing((ImportanceMapCompleted m) ->
                ResultIds.map(m.experimentId(), m.variant(), m.task()))).toList();
        evaluations = evaluations.stream().sorted(Comparator.comparing((MaskedModelEvaluated e) ->
                ResultIds.evaluation(e.experimentId(), e.baseVariant(), e.ranking(), e.fraction(),
                        e.evaluatedTask()))).toList();
        fineTunes = fineTunes.stream().sorted(Comparator.comparing((ModelFineTuned f) ->
                ResultIds.fineTune(f.experimentId(), f.variant()))).toList();
        unitRows = Map.copyOf(unitRows);
        work = List.copyOf(work);
    }

    /** Without recorded units of work (results published by hand, runs before work units). */
    public ExperimentSnapshot(String experimentId, String status, Instant requestedAt, Instant completedAt,
                              Instant failedAt, String failureReason, ExperimentPlan plan,
                              List<ImportanceMapCompleted> maps, List<MaskedModelEvaluated> evaluations,
                              List<ModelFineTuned> fineTunes, Completion completion,
                              Map<ExperimentPlan.MapKey, GateGradientRows> unitRows) {
        this(experimentId, status, requestedAt, completedAt, failedAt, failureReason, plan, maps, evaluations,
                fineTunes, completion, unitRows, List.of());
    }

    /** Without unit rows: point estimates only. */
    public ExperimentSnapshot(String experimentId, String status, Instant requestedAt, Instant completedAt,
                              Instant failedAt, String failureReason, ExperimentPlan plan,
                              List<ImportanceMapCompleted> maps, List<MaskedModelEvaluated> evaluations,
                              List<ModelFineTuned> fineTunes, Completion completion) {
        this(experimentId, status, requestedAt, completedAt, failedAt, failureReason, plan, maps, evaluations,
                fineTunes, completion, Map.of(), List.of());
    }
}
