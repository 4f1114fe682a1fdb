package dev.headcount.report.report;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.report.aggregation.Completion;

import java.time.Instant;
import java.util.List;

/** Everything known about one experiment at one moment: what a report is built from (no MongoDB in here). */
public record ExperimentSnapshot(String experimentId, String status, Instant requestedAt, Instant completedAt,
                                 Instant failedAt, String failureReason, ExperimentPlan plan,
                                 List<ImportanceMapCompleted> maps, List<MaskedModelEvaluated> evaluations,
                                 List<ModelFineTuned> fineTunes, Completion completion) {
    public ExperimentSnapshot {
        maps = List.copyOf(maps);
        evaluations = List.copyOf(evaluations);
        fineTunes = List.copyOf(fineTunes);
    }
}
