package dev.headcount.report.figures;

import dev.headcount.report.figures.Figure.Placement;
import dev.headcount.report.report.ExperimentReport;
import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every figure of a report, in the order the Markdown report shows them. Pure. */
public final class ReportFigures {
    private ReportFigures() {
    }

    public static List<Figure> of(ExperimentReport report) {
        List<Figure> figures = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ImportanceSection> importance = report.importance();
        double max = ImportanceHeatmap.sharedMax(importance);
        for (ImportanceSection section : importance) {
            figures.add(new Figure(unique(names, "importance-" + section.task() + "-" + section.variant()),
                    Placement.IMPORTANCE, section.task(),
                    "Head importance heatmap, " + section.task() + " on " + section.variant(),
                    ImportanceHeatmap.draw(section, max)));
        }
        if (!importance.isEmpty()) {
            figures.add(new Figure(unique(names, "layer-mass"), Placement.LAYER_MASS, null,
                    "Importance mass per layer", LayerMassBars.draw(importance)));
        }
        if (report.coherence().tasks().size() >= 2) {
            figures.add(new Figure(unique(names, "coherence"), Placement.COHERENCE, null,
                    "Spearman coherence matrix", CoherenceMatrixFigure.draw(report.coherence())));
        }
        List<IntervalPlot.Row> coherenceRows = report.coherence().pairs().stream()
                .filter(pair -> pair.spearmanCiLow() != null)
                .map(pair -> new IntervalPlot.Row(pair.first() + " · " + pair.second(), pair.spearman(),
                        pair.spearmanCiLow(), pair.spearmanCiHigh(), pair.ceiling()))
                .toList();
        if (!coherenceRows.isEmpty()) {
            figures.add(new Figure(unique(names, "coherence-intervals"), Placement.COHERENCE, null,
                    "Spearman ρ of every pair of maps with its 95 % interval and noise ceiling",
                    IntervalPlot.draw("Coherence: Spearman ρ with 95 % interval", "Spearman ρ",
                            "noise ceiling √(r₁·r₂)", 0, coherenceRows)));
        }
        String pretraining = report.request() == null ? null : report.request().pretrainingTask();
        for (CurveTable table : report.pruningCurves()) {
            figures.add(new Figure(unique(names, "pruning-" + table.evaluatedTask() + "-" + table.baseVariant()),
                    Placement.PRUNING_CURVE, table.evaluatedTask() + "|" + table.baseVariant(),
                    "Pruning curves, " + table.evaluatedTask() + " on " + table.baseVariant(),
                    PruningCurveFigure.draw(table, pretraining)));
        }
        Map<String, List<FineTuningRow>> byTask = new LinkedHashMap<>();
        report.fineTuning().forEach(row -> byTask.computeIfAbsent(row.task(), t -> new ArrayList<>()).add(row));
        byTask.forEach((task, rows) -> figures.add(new Figure(unique(names, "finetuning-" + task), Placement.FINE_TUNING,
                task, "Before vs after fine-tuning, " + task, FineTuningBars.draw(task, rows))));
        List<IntervalPlot.Row> orderRows = report.fineTuning().stream().filter(row -> row.advantageCiLow() != null)
                .map(row -> new IntervalPlot.Row(row.task() + " · " + row.metric() + " · "
                        + Math.round(row.fraction() * 100) + " %", row.higherIsBetter() ? row.pruningFirstAdvantage()
                        : row.pruningFirstAdvantage() == null ? null : -row.pruningFirstAdvantage(),
                        row.advantageCiLow(), row.advantageCiHigh(), null))
                .toList();
        if (!orderRows.isEmpty()) {
            figures.add(new Figure(unique(names, "order-effects"), Placement.FINE_TUNING, null,
                    "Advantage of pruning before fine-tuning, with its 95 % interval",
                    IntervalPlot.draw("Pruning first minus fine-tuning first (positive: pruning first better)",
                            "advantage of pruning first (metric units)", null, 0, orderRows)));
        }
        return figures;
    }

    /** A file-name-safe name (letters, digits, . _ -), made unique with a numeric suffix. */
    static String unique(Set<String> taken, String wanted) {
        String base = wanted.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "");
        if (base.isEmpty()) {
            base = "figure";
        }
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }
}
