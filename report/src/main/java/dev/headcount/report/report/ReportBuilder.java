package dev.headcount.report.report;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.Learning;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;
import dev.headcount.events.WorkDone;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.coherence.Coherence;
import dev.headcount.metrics.coherence.CoherenceMatrix;
import dev.headcount.metrics.coherence.CoherencePair;
import dev.headcount.metrics.coherence.CoherenceUncertainty;
import dev.headcount.metrics.coherence.GateGradientRows;
import dev.headcount.metrics.coherence.LayerMass;
import dev.headcount.metrics.coherence.SplitHalf;
import dev.headcount.metrics.finetuning.OrderEffect;
import dev.headcount.metrics.prunability.CurveUncertainty;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.SampleSize;
import dev.headcount.metrics.finetuning.FineTuningComparison;
import dev.headcount.metrics.finetuning.FineTuningComparisonRow;
import dev.headcount.metrics.prunability.Prunability;
import dev.headcount.report.aggregation.CoherenceAggregation;
import dev.headcount.report.aggregation.FineTuningTable;
import dev.headcount.report.aggregation.PruningCurves;
import dev.headcount.report.report.ExperimentReport.CoherenceRow;
import dev.headcount.report.report.ExperimentReport.CoherenceSection;
import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.Findings;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;
import dev.headcount.report.report.ExperimentReport.LearningRow;
import dev.headcount.report.report.ExperimentReport.PrunabilityRow;
import dev.headcount.report.report.ExperimentReport.RandomSeries;
import dev.headcount.report.report.ExperimentReport.RequestSummary;
import dev.headcount.report.report.ExperimentReport.Series;
import dev.headcount.report.report.ExperimentReport.StageProgress;
import dev.headcount.report.report.ExperimentReport.TopKRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.ToDoubleFunction;

/** Builds the report of an experiment from a snapshot of its results: complete or so far. Pure. */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    public static ExperimentReport build(ExperimentSnapshot snapshot) {
        ExperimentPlan plan = snapshot.plan();
        List<LearningRow> learning = learning(snapshot.fineTunes());
        // a downstream task whose fine-tuned model did not learn: its map, curves and before/after rows are shown
        // but kept out of the findings (a map of a model that ignores its input ranks heads by noise)
        List<LearningRow> notLearnedRows = learning.stream()
                .filter(row -> !row.learned() && row.variant().equals(ModelVariant.finetuned(row.task()).name()))
                .sorted(java.util.Comparator.comparing(LearningRow::task)).toList();
        Set<String> notLearned = notLearnedRows.stream().map(LearningRow::task).collect(Collectors.toSet());
        List<ImportanceMapCompleted> usableMaps = snapshot.maps().stream()
                .filter(map -> !(map.variant().isFinetuned() && notLearned.contains(map.variant().task()))).toList();
        Map<ExperimentPlan.MapKey, GateGradientRows> unitRows = snapshot.unitRows();
        boolean perLayerL2 = plan.request().importance().normalizePerLayer();
        List<ImportanceSection> importance = importance(plan, snapshot.maps(), unitRows, perLayerL2);
        // shown with every map (a not-learned task's pairs are marked by the learning table), used without them
        CoherenceSection coherence = coherence(plan, snapshot.maps(), unitRows, perLayerL2);
        CoherenceSection usableCoherence = notLearned.isEmpty() ? coherence : coherence(plan, usableMaps, unitRows,
                perLayerL2);
        List<PruningCurves.CurveTable> tables = PruningCurves.tables(plan, snapshot.evaluations());
        List<CurveTable> curves = new ArrayList<>();
        List<PruningCurves.CurveResult> results = new ArrayList<>();
        for (PruningCurves.CurveTable table : tables) {
            List<PruningCurves.CurveResult> ofTable = PruningCurves.results(table);
            results.addAll(ofTable);
            curves.add(curveTable(table, ofTable));
        }
        List<PrunabilityRow> prunability = results.stream().map(ReportBuilder::prunabilityRow).toList();
        FineTuningComparison comparison = FineTuningTable.of(plan, snapshot.fineTunes(), snapshot.evaluations());
        Map<String, OrderEffect> orderEffects = FineTuningTable.orderEffects(plan, snapshot.fineTunes(),
                snapshot.evaluations());
        List<FineTuningRow> fineTuning = comparison.rows().stream()
                .map(row -> fineTuningRow(row, orderEffects.get(FineTuningTable.cell(row.task(), row.fractionPruned()))))
                .toList();
        List<PruningCurves.CurveResult> usableResults = results.stream()
                .filter(r -> !notLearned.contains(r.target().task())).toList();
        List<ImportanceSection> usableImportance = importance.stream()
                .filter(section -> !notLearned.contains(section.task())).toList();
        List<FineTuningRow> usableRows = fineTuning.stream().filter(row -> !notLearned.contains(row.task())).toList();
        Findings findings = FindingsBuilder.of(plan, usableResults, usableImportance, usableCoherence, usableRows,
                notLearnedRows);
        List<StageProgress> progress = List.of(
                new StageProgress("importance maps", snapshot.completion().maps().done(),
                        snapshot.completion().maps().expected()),
                new StageProgress("evaluations", snapshot.completion().evaluations().done(),
                        snapshot.completion().evaluations().expected()),
                new StageProgress("fine-tunes", snapshot.completion().fineTunes().done(),
                        snapshot.completion().fineTunes().expected()),
                new StageProgress("pruned models", snapshot.completion().prunedModels().done(),
                        snapshot.completion().prunedModels().expected()));
        return new ExperimentReport(snapshot.experimentId(), snapshot.status(), snapshot.requestedAt(),
                snapshot.completedAt(), snapshot.failureReason(), request(plan.request()), progress, importance,
                coherence, curves, prunability, fineTuning, findings, learning, ReportProvenance.of(snapshot),
                units(snapshot.work()));
    }

    /** One row per handled unit, by start time (then unit and worker, so that equal starts keep one order). */
    static List<ExperimentReport.UnitRow> units(List<WorkDone> work) {
        return work.stream()
                .map(done -> new ExperimentReport.UnitRow(done.unit().id(), done.unit().kind().label(), done.worker(),
                        done.startedAt(), done.finishedAt(), done.seconds(), done.reused()))
                .sorted(java.util.Comparator.comparing(ExperimentReport.UnitRow::startedAt)
                        .thenComparing(ExperimentReport.UnitRow::id).thenComparing(ExperimentReport.UnitRow::worker))
                .toList();
    }

    /** The learning check of every fine-tuned model that recorded one, in the order they arrived. */
    static List<LearningRow> learning(List<ModelFineTuned> fineTunes) {
        List<LearningRow> rows = new ArrayList<>();
        for (ModelFineTuned tuned : fineTunes) {
            Learning l = tuned.learning();
            if (l != null) {
                rows.add(new LearningRow(tuned.variant().name(), tuned.task(), l.metric(), l.value(), l.baseline(),
                        l.ciLow(), l.ciHigh(), l.learned(), l.reason()));
            }
        }
        return rows;
    }

    static RequestSummary request(ExperimentRequest request) {
        return new RequestSummary(request.model(), request.pretrainingTask().toString(),
                request.downstreamTasks().stream().map(Object::toString).toList(), request.pruningFractions(),
                request.allRankings().stream().map(Ranking::name).toList(), request.finetuneFractions(),
                request.samples().scoringExamples(), request.samples().trainCap(), request.samples().devCap(),
                request.samples().trainCapByTask(),
                request.importance().granularity().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                request.importance().normalizePerLayer(), request.importance().normalizeGlobal(),
                request.fineTuning(), request.seed(), request.importance().shards());
    }

    static List<ImportanceSection> importance(ExperimentPlan plan, List<ImportanceMapCompleted> maps) {
        return importance(plan, maps, Map.of(), plan.request().importance().normalizePerLayer());
    }

    static List<ImportanceSection> importance(ExperimentPlan plan, List<ImportanceMapCompleted> maps,
                                              Map<ExperimentPlan.MapKey, GateGradientRows> unitRows,
                                              boolean perLayerL2) {
        List<ImportanceSection> sections = new ArrayList<>();
        CoherenceAggregation.mapsByTask(plan, maps).forEach((task, map) -> {
            GateGradientRows rows = unitRows.get(new ExperimentPlan.MapKey(map.variant(), map.task()));
            Double splitHalf = rows == null || rows.size() < 4 ? null
                    : num(SplitHalf.reliability(rows, perLayerL2, PruningCurves.RESAMPLING));
            sections.add(new ImportanceSection(task, map.variant().name(),
                    map.granularity().name().toLowerCase(Locale.ROOT).replace('_', '-'), map.layers(), map.heads(),
                    map.normalizedImportance(), map.attentionEntropy(),
                    nullable(LayerMass.of(CoherenceAggregation.rawArray(map))), rawImportance(map), splitHalf));
        });
        return sections;
    }

    /** rawSums / counts, head by head (the engine's {@code ImportanceMap.importance()}: the same division). */
    static List<List<Double>> rawImportance(ImportanceMapCompleted map) {
        List<List<Double>> rows = new ArrayList<>();
        for (int layer = 0; layer < map.layers(); layer++) {
            List<Double> row = new ArrayList<>();
            for (int head = 0; head < map.heads(); head++) {
                long count = map.counts().get(layer).get(head);
                row.add(count == 0 ? 0.0 : map.rawSums().get(layer).get(head) / count);
            }
            rows.add(row);
        }
        return rows;
    }

    static CoherenceSection coherence(ExperimentPlan plan, List<ImportanceMapCompleted> maps,
                                      Map<ExperimentPlan.MapKey, GateGradientRows> unitRows, boolean perLayerL2) {
        CoherenceMatrix matrix = CoherenceAggregation.matrix(plan, maps).orElse(null);
        if (matrix == null) {
            return new CoherenceSection(List.of(), List.of(), List.of(), List.of(), List.of());
        }
        Map<String, ImportanceMapCompleted> byTask = CoherenceAggregation.mapsByTask(plan, maps);
        List<CoherenceRow> pairs = matrix.pairs().stream().map(pair -> {
            GateGradientRows first = rowsOf(byTask.get(pair.first()), unitRows);
            GateGradientRows second = rowsOf(byTask.get(pair.second()), unitRows);
            CoherenceUncertainty uncertainty = first == null || second == null || first.size() < 4
                    || second.size() < 4 ? null
                    : CoherenceUncertainty.of(first, second, perLayerL2, PruningCurves.RESAMPLING);
            int units = first == null || second == null ? 0 : Math.min(first.size(), second.size());
            // a per-batch map's units are batches: the estimate is turned into scoring examples per map
            double examplesPerUnit = units == 0 ? 1 : Math.max(1.0,
                    (double) plan.request().samples().scoringExamples() / units);
            return coherenceRow(pair, uncertainty, units, examplesPerUnit);
        }).toList();
        return new CoherenceSection(matrix.names(), square(matrix, Coherence::spearman),
                square(matrix, Coherence::kendallTauB), square(matrix, Coherence::pearson), pairs);
    }

    private static GateGradientRows rowsOf(ImportanceMapCompleted map,
                                           Map<ExperimentPlan.MapKey, GateGradientRows> unitRows) {
        return map == null ? null : unitRows.get(new ExperimentPlan.MapKey(map.variant(), map.task()));
    }

    /**
     * @param uncertainty intervals and reliabilities from the maps' units; {@code null} when not available
     * @param units           scoring units of the smaller map: what a power estimate scales
     * @param examplesPerUnit scoring examples per unit of that map (1 per example, the batch size per batch)
     */
    public static CoherenceRow coherenceRow(CoherencePair pair, CoherenceUncertainty uncertainty, int units,
                                            double examplesPerUnit) {
        Coherence c = pair.coherence();
        List<TopKRow> topK = new ArrayList<>();
        for (int i = 0; i < c.topK().size(); i++) {
            var o = c.topK().get(i);
            // a constant map has no ranks, hence no top k either: no overlap (a tie order would pick the first k)
            boolean defined = Double.isFinite(c.spearman());
            Interval interval = uncertainty == null || !defined || i >= uncertainty.topK().size() ? null
                    : uncertainty.topK().get(i);
            topK.add(new TopKRow(o.fraction(), o.k(), defined ? num(o.jaccard()) : null, num(o.chanceJaccard()),
                    interval == null ? null : num(interval.low()), interval == null ? null : num(interval.high())));
        }
        Interval rho = uncertainty == null ? null : uncertainty.spearman();
        Double reliabilityFirst = uncertainty == null ? null : num(uncertainty.reliabilityFirst());
        Double reliabilitySecond = uncertainty == null ? null : num(uncertainty.reliabilitySecond());
        Double ceiling = reliabilityFirst == null || reliabilitySecond == null || !(reliabilityFirst > 0)
                || !(reliabilitySecond > 0) ? null : Math.sqrt(reliabilityFirst * reliabilitySecond);
        return new CoherenceRow(pair.first(), pair.second(), num(c.spearman()),
                rho == null ? null : num(rho.low()), rho == null ? null : num(rho.high()),
                uncertainty == null ? null : num(uncertainty.spearmanPValue()), reliabilityFirst, reliabilitySecond,
                ceiling, num(c.kendallTauB()), num(c.pearson()), topK, nullable(c.layerMassOfFirst()),
                nullable(c.layerMassOfSecond()), rho == null || rho.excludes(0) ? null
                : scaled(SampleSize.examplesToDecide(rho, 0, units, PruningCurves.RESAMPLING.level()), examplesPerUnit));
    }

    /** @param results the table's complete curves, whose intervals the series carry */
    static CurveTable curveTable(PruningCurves.CurveTable table, List<PruningCurves.CurveResult> results) {
        Metric metric = PruningCurves.metric(table.primaryMetric());
        List<Series> rankings = table.rankings().stream().map(series -> {
            CurveUncertainty u = uncertaintyOf(results, series.ranking().name());
            return new Series(series.ranking().name(), nullable(series.values()), low(u), high(u));
        }).toList();
        CurveUncertainty randomUncertainty = uncertaintyOf(results, PruningCurves.RANDOM);
        RandomSeries random = table.randomSeeds().isEmpty() ? null : new RandomSeries(table.randomSeeds().size(),
                nullable(table.random().stream().map(p -> p.mean()).toList()),
                nullable(table.random().stream().map(p -> p.standardDeviation()).toList()),
                nullable(table.random().stream().map(p -> p.min()).toList()),
                nullable(table.random().stream().map(p -> p.max()).toList()),
                table.randomSeeds().stream().map(seed -> new Series(seed.ranking().name(), nullable(seed.values())))
                        .toList(), low(randomUncertainty), high(randomUncertainty));
        return new CurveTable(table.target().task(), table.target().base().name(), table.primaryMetric(),
                metric == null ? null : metric.higherIsBetter(), table.fractions(), rankings, random);
    }

    private static CurveUncertainty uncertaintyOf(List<PruningCurves.CurveResult> results, String ranking) {
        return results.stream().filter(r -> r.ranking().equals(ranking)).map(PruningCurves.CurveResult::uncertainty)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static List<Double> low(CurveUncertainty u) {
        return u == null ? null : nullable(u.values().stream().map(Interval::low).toList());
    }

    private static List<Double> high(CurveUncertainty u) {
        return u == null ? null : nullable(u.values().stream().map(Interval::high).toList());
    }

    public static PrunabilityRow prunabilityRow(PruningCurves.CurveResult result) {
        Prunability p = result.prunability();
        CurveUncertainty u = result.uncertainty();
        String note = result.note();
        if (p != null) {
            note = p.relativeUndefinedReason().or(p::chanceNote).orElse(note);
        }
        return new PrunabilityRow(result.target().task(), result.target().base().name(), result.ranking(),
                result.primaryMetric(), result.seeds(), p == null ? num(result.values().get(0)) : num(p.unpruned()),
                p == null ? null : num(p.chance()), p == null ? null : num(p.rawArea()),
                p == null ? null : num(p.relativeArea()), u == null ? null : num(u.relativeArea().low()),
                u == null ? null : num(u.relativeArea().high()), p == null ? null : num(p.largestFractionKept()),
                u == null ? null : num(u.largestFractionKept().low()),
                u == null ? null : num(u.largestFractionKept().high()), note);
    }

    /** @param effect the paired comparison of the two orders in this cell; {@code null} without predictions */
    static FineTuningRow fineTuningRow(FineTuningComparisonRow row, OrderEffect effect) {
        Interval advantage = effect == null ? null : effect.advantage();
        return new FineTuningRow(row.task(), row.metric().id(), row.metric().higherIsBetter(), row.fractionPruned(),
                num(row.finetuned()), num(row.finetunedThenPrunedByTask()),
                num(row.finetunedThenPrunedByPretraining()), num(row.prunedThenFinetuned()),
                num(row.pruningFirstAdvantage()), advantage == null ? null : num(advantage.low()),
                advantage == null ? null : num(advantage.high()), effect == null ? null : num(effect.pValue()),
                effect == null ? null : effect.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                effect == null || effect.examplesToDecide().isEmpty() ? null : effect.examplesToDecide().getAsLong());
    }

    /** The rows again as the metrics module's comparison, for its Markdown table. */
    public static FineTuningComparison comparison(List<FineTuningRow> rows) {
        return new FineTuningComparison(rows.stream().map(row -> new FineTuningComparisonRow(row.task(),
                Metric.fromId(row.metric()), row.fraction(), nan(row.finetuned()),
                nan(row.finetunedThenPrunedByTask()), nan(row.finetunedThenPrunedByPretraining()),
                nan(row.prunedThenFinetuned()))).toList());
    }

    private static List<List<Double>> square(CoherenceMatrix matrix, ToDoubleFunction<Coherence> statistic) {
        List<List<Double>> rows = new ArrayList<>();
        for (double[] row : matrix.values(statistic)) {
            List<Double> values = new ArrayList<>();
            for (double value : row) {
                values.add(num(value));
            }
            rows.add(values);
        }
        return rows;
    }

    private static Long scaled(java.util.OptionalLong units, double examplesPerUnit) {
        return units.isPresent() ? (long) Math.ceil(units.getAsLong() * examplesPerUnit) : null;
    }

    static Long orNull(java.util.OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    static Double mean(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (Double value : values) {
            if (value != null) {
                sum += value;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** Finite numbers as they are, anything else (NaN: not defined or not yet in) as {@code null}. */
    public static Double num(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static double nan(Double value) {
        return value == null ? Double.NaN : value;
    }

    static List<Double> nullable(List<Double> values) {
        List<Double> out = new ArrayList<>(values.size());
        values.forEach(value -> out.add(value == null ? null : num(value)));
        return java.util.Collections.unmodifiableList(out);
    }

    static String percent(Double fraction) {
        if (fraction == null) {
            return "— (not available)";
        }
        double percent = fraction * 100;
        boolean whole = Math.abs(percent - Math.rint(percent)) < 1e-9;
        return String.format(Locale.ROOT, whole ? "%.0f %%" : "%.1f %%", percent);
    }
}
