package dev.headcount.report.report;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.Ranking;
import dev.headcount.metrics.finetuning.AdvantageByMetric;
import dev.headcount.metrics.prunability.Prunability;
import dev.headcount.metrics.prunability.PrunabilityComparison;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.SampleSize;
import dev.headcount.report.aggregation.PruningCurves;
import dev.headcount.report.aggregation.PruningCurves.CurveResult;
import dev.headcount.report.report.ExperimentReport.BeforeAfterFinding;
import dev.headcount.report.report.ExperimentReport.CoherenceFinding;
import dev.headcount.report.report.ExperimentReport.CoherenceRow;
import dev.headcount.report.report.ExperimentReport.CoherenceSection;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.Findings;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;
import dev.headcount.report.report.ExperimentReport.LearningRow;
import dev.headcount.report.report.ExperimentReport.MetricAdvantage;
import dev.headcount.report.report.ExperimentReport.PrunabilityFinding;
import dev.headcount.report.report.ExperimentReport.TaskValue;
import dev.headcount.report.report.ExperimentReport.TopKRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The numbers of the three findings, and the summary written from them ({@link SummaryWriter}). Pure. */
final class FindingsBuilder {
    static final String NOT_COMPLETE = "curve not complete yet";
    static final String NO_RANDOM = "no random ranking requested";

    private FindingsBuilder() {
    }

    /** @param notLearned full fine-tuned models that did not learn: already left out of the other arguments */
    static Findings of(ExperimentPlan plan, List<CurveResult> results, List<ImportanceSection> importance,
                       CoherenceSection coherence, List<FineTuningRow> fineTuning, List<LearningRow> notLearned) {
        List<PrunabilityFinding> prunability = prunability(plan, results);
        CoherenceFinding found = coherence(plan, importance, coherence);
        Set<String> excluded = notLearned.stream().map(LearningRow::task).collect(Collectors.toSet());
        // a map left out because its model did not learn is not "missing": the first paragraph says why
        CoherenceFinding coherenceFinding = new CoherenceFinding(found.pretrainingTask(), found.meanSpearman(),
                found.perTask(), found.lowest(), found.highest(), found.meanTopK(),
                found.missingMaps().stream().filter(task -> !excluded.contains(task)).toList(), found.pairs());
        BeforeAfterFinding beforeAfter = beforeAfter(fineTuning);
        List<String> summary = new ArrayList<>(
                SummaryWriter.paragraphs(prunability, coherenceFinding, beforeAfter, fineTuning));
        if (!notLearned.isEmpty()) {
            summary.add(0, notLearnedParagraph(notLearned));
        }
        return new Findings(prunability, coherenceFinding, beforeAfter, summary);
    }

    /** Said first: which fine-tuned models did not beat their task's trivial baseline, and what that leaves out. */
    static String notLearnedParagraph(List<LearningRow> notLearned) {
        StringBuilder text = new StringBuilder("Not learned, so left out of the findings below (its importance map, "
                + "pruning curves and before/after rows are shown but not used):");
        for (LearningRow row : notLearned) {
            text.append(String.format(java.util.Locale.ROOT, " %s (dev %s %.3f, 95 %% interval [%.3f, %.3f], trivial"
                            + " baseline %.3f%s);", row.task(), row.metric(), row.value(), row.ciLow(), row.ciHigh(),
                    row.baseline(), row.reason() == null ? "" : "; " + row.reason()));
        }
        text.setCharAt(text.length() - 1, '.');
        return text.toString();
    }

    /** One finding per task of the request, its own curve against the random mean, with why a number is missing. */
    static List<PrunabilityFinding> prunability(ExperimentPlan plan, List<CurveResult> results) {
        boolean randomRequested = plan.request().allRankings().stream().anyMatch(Ranking::isRandom);
        List<PrunabilityFinding> findings = new ArrayList<>();
        for (String task : plan.request().taskNames()) {
            CurveResult own = find(results, task, Ranking.byTask(task).name());
            CurveResult random = find(results, task, PruningCurves.RANDOM);
            CurveResult any = own != null ? own : random;
            String metric = any == null ? null : any.primaryMetric();
            Double unpruned = any == null ? null : any.prunability() != null
                    ? ReportBuilder.num(any.prunability().unpruned()) : ReportBuilder.num(any.values().get(0));
            PrunabilityComparison comparison = own == null || random == null || own.uncertainty() == null
                    || random.uncertainty() == null ? null : compare(own, random);
            Interval kept = comparison == null ? null : comparison.largestFractionKeptDifference();
            Interval area = comparison == null ? null : comparison.relativeAreaDifference();
            Long toDecide = comparison == null || comparison.verdict() != PrunabilityComparison.Verdict.NOT_DECIDED
                    ? null : orNull(SampleSize.examplesToDecide(kept, 0, own.uncertainty().examples(),
                    PruningCurves.RESAMPLING.level()));
            findings.add(new PrunabilityFinding(task, metric, kept(own), kept(random), unpruned,
                    random == null ? 0 : random.seeds(), missing(own),
                    randomRequested ? missing(random) : NO_RANDOM,
                    comparison == null ? null : comparison.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    kept == null ? null : ReportBuilder.num(kept.low()),
                    kept == null ? null : ReportBuilder.num(kept.high()),
                    area == null ? null : ReportBuilder.num(area.estimate()),
                    area == null ? null : ReportBuilder.num(area.low()),
                    area == null ? null : ReportBuilder.num(area.high()), toDecide));
        }
        return findings;
    }

    /** Own ranking against random, paired on the same dev examples; {@code null} if they are not comparable. */
    private static PrunabilityComparison compare(CurveResult own, CurveResult random) {
        try {
            return own.uncertainty().compare(random.uncertainty());
        } catch (IllegalArgumentException notPaired) {
            return null;
        }
    }

    private static Long orNull(java.util.OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    static CoherenceFinding coherence(ExperimentPlan plan, List<ImportanceSection> importance,
                                      CoherenceSection coherence) {
        String pretraining = plan.pretrainingTask();
        List<TaskValue> perTask = new ArrayList<>();
        List<CoherenceRow> pairs = new ArrayList<>();
        for (CoherenceRow pair : coherence.pairs()) {
            String downstream = pair.first().equals(pretraining) ? pair.second()
                    : pair.second().equals(pretraining) ? pair.first() : null;
            if (downstream != null && plan.downstreamTasks().contains(downstream)) {
                perTask.add(new TaskValue(downstream, pair.spearman()));
                pairs.add(pair);
            }
        }
        List<TaskValue> defined = perTask.stream().filter(v -> v.value() != null).toList();
        TaskValue lowest = defined.stream().min(Comparator.comparingDouble(TaskValue::value)).orElse(null);
        TaskValue highest = defined.stream().max(Comparator.comparingDouble(TaskValue::value)).orElse(null);
        Set<String> mapped = importance.stream().map(ImportanceSection::task).collect(Collectors.toSet());
        List<String> missing = plan.request().taskNames().stream().filter(t -> !mapped.contains(t)).toList();
        return new CoherenceFinding(pretraining, ReportBuilder.mean(perTask.stream().map(TaskValue::value).toList()),
                perTask, lowest, highest, meanTopK(pairs), missing, pairs);
    }

    /**
     * Per top-k fraction (in the first pair's order): the mean Jaccard and mean chance level over the pairs whose
     * overlap is defined (a constant map has none), so both means are over the same pairs.
     */
    static List<TopKRow> meanTopK(List<CoherenceRow> pairs) {
        Map<Double, List<TopKRow>> byFraction = new LinkedHashMap<>();
        pairs.forEach(pair -> pair.topK().stream().filter(t -> t.jaccard() != null)
                .forEach(t -> byFraction.computeIfAbsent(t.fraction(), f -> new ArrayList<>()).add(t)));
        List<TopKRow> means = new ArrayList<>();
        byFraction.forEach((fraction, rows) -> means.add(new TopKRow(fraction, rows.get(0).k(),
                ReportBuilder.mean(rows.stream().map(TopKRow::jaccard).toList()),
                ReportBuilder.mean(rows.stream().map(TopKRow::chanceJaccard).toList()))));
        return means;
    }

    static BeforeAfterFinding beforeAfter(List<FineTuningRow> fineTuning) {
        List<MetricAdvantage> byMetric = AdvantageByMetric.of(ReportBuilder.comparison(fineTuning).rows()).stream()
                .map(a -> new MetricAdvantage(a.metric().id(), a.cells(), a.pruningFirstBetter(),
                        a.fineTuningFirstBetter(), a.meanAdvantage()))
                .toList();
        return new BeforeAfterFinding(byMetric, byMetric.stream().mapToInt(MetricAdvantage::cells).sum(),
                byMetric.stream().mapToInt(MetricAdvantage::pruningFirstBetter).sum(),
                byMetric.stream().mapToInt(MetricAdvantage::fineTuningFirstBetter).sum(),
                (int) fineTuning.stream().filter(row -> "pruning-first-better".equals(row.verdict())).count(),
                (int) fineTuning.stream().filter(row -> "fine-tuning-first-better".equals(row.verdict())).count(),
                (int) fineTuning.stream().filter(row -> "not-decided".equals(row.verdict())).count());
    }

    /** Pruning first minus fine-tuning first, positive when pruning first did better; {@code null} if unknown. */
    static Double orientedAdvantage(FineTuningRow row) {
        Double advantage = row.pruningFirstAdvantage();
        return advantage == null ? null : row.higherIsBetter() ? advantage : -advantage;
    }

    private static CurveResult find(List<CurveResult> results, String task, String ranking) {
        return results.stream().filter(r -> r.target().task().equals(task) && r.ranking().equals(ranking))
                .findFirst().orElse(null);
    }

    private static Double kept(CurveResult result) {
        return result == null || result.prunability() == null ? null
                : ReportBuilder.num(result.prunability().largestFractionKept());
    }

    /** Why a curve has no "largest fraction kept"; {@code null} when it has one. */
    private static String missing(CurveResult result) {
        if (result == null) {
            return NOT_COMPLETE;
        }
        Prunability p = result.prunability();
        if (p == null) {
            return result.note() == null ? "not computed" : result.note();
        }
        return p.relativeUndefinedReason().orElse(null);
    }
}
