package dev.headcount.report.report;

import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.Provenance;

import java.time.Instant;
import java.util.List;

/**
 * The report of one experiment as data: the JSON form is this record, the Markdown form is rendered from it
 * ({@link MarkdownReport}), and later renderers (figures, the dashboard) consume the same records. Numbers
 * that are not defined (yet) are {@code null}.
 */
public record ExperimentReport(String experimentId, String status, Instant requestedAt, Instant completedAt,
                               String failureReason, RequestSummary request, List<StageProgress> progress,
                               List<ImportanceSection> importance, CoherenceSection coherence,
                               List<CurveTable> pruningCurves, List<PrunabilityRow> prunability,
                               List<FineTuningRow> fineTuning, Findings findings, List<LearningRow> learning,
                               ProvenanceSection provenance) {

    /**
     * Whether one fine-tuned model learned its task: the primary dev metric ({@code value}) with its 95 %
     * bootstrap interval over dev examples against the task's trivial baseline. A full fine-tuned model that did
     * not learn is shown but kept out of the findings (its importance map, its pruning curves and its
     * before/after rows).
     */
    public record LearningRow(String variant, String task, String metric, double value, double baseline,
                              double ciLow, double ciHigh, boolean learned, String reason) {
    }

    public record RequestSummary(String model, String pretrainingTask, List<String> downstreamTasks,
                                 List<Double> pruningFractions, List<String> rankings,
                                 List<Double> finetuneFractions, int scoringExamples, int trainCap, int devCap,
                                 String granularity, boolean normalizePerLayer, boolean normalizeGlobal,
                                 FineTuneOptions fineTuning, long seed) {
    }

    /** Units of one kind done out of those the plan expects. */
    public record StageProgress(String stage, int done, int expected) {
    }

    /**
     * One task's importance map (normalised) with attention entropy and the share of importance per layer.
     *
     * @param importance the raw importance, mean |dL/dξ| (rawSums / counts): what {@code headcount reproduce}
     *                   compares a recomputation with, since normalising inflates small relative differences
     */
    public record ImportanceSection(String task, String variant, String granularity, int layers, int heads,
                                    List<List<Double>> normalizedImportance, List<List<Double>> attentionEntropy,
                                    List<Double> layerMass, List<List<Double>> importance) {
    }

    /** Square tables over {@code tasks} (pre-training first) and every pair's statistics. */
    public record CoherenceSection(List<String> tasks, List<List<Double>> spearman, List<List<Double>> kendallTauB,
                                   List<List<Double>> pearson, List<CoherenceRow> pairs) {
    }

    public record CoherenceRow(String first, String second, Double spearman, Double kendallTauB, Double pearson,
                               List<TopKRow> topK, List<Double> layerMassOfFirst, List<Double> layerMassOfSecond) {
    }

    public record TopKRow(double fraction, int k, Double jaccard, Double chanceJaccard) {
    }

    /**
     * The metric per fraction on one evaluated task for every ranking evaluated there, and the random
     * rankings' mean and standard deviation over seeds.
     */
    public record CurveTable(String evaluatedTask, String baseVariant, String metric, Boolean higherIsBetter,
                             List<Double> fractions, List<Series> rankings, RandomSeries random) {
    }

    public record Series(String ranking, List<Double> values) {
    }

    /**
     * {@code null} when the request asks for no random ranking; per fraction over seeds (null where not every
     * seed is in yet), and each seed's own values ({@code random:<seed>}).
     */
    public record RandomSeries(int seeds, List<Double> mean, List<Double> standardDeviation, List<Double> min,
                               List<Double> max, List<Series> perSeed) {
        public RandomSeries(int seeds, List<Double> mean, List<Double> standardDeviation, List<Double> min,
                            List<Double> max) {
            this(seeds, mean, standardDeviation, min, max, List.of());
        }
    }

    /** @param ranking a task ranking's name or {@code random} (averaged over {@code seeds} seeds) */
    public record PrunabilityRow(String evaluatedTask, String baseVariant, String ranking, String metric, int seeds,
                                 Double unpruned, Double rawArea, Double relativeArea, Double largestFractionKept,
                                 String note) {
    }

    /**
     * One downstream task at one fine-tune fraction.
     *
     * @param pruningFirstAdvantage pruned-then-fine-tuned minus fine-tuned-then-pruned (both by pre-training
     *                              importance), as a signed metric difference
     */
    public record FineTuningRow(String task, String metric, boolean higherIsBetter, double fraction, Double finetuned,
                                Double finetunedThenPrunedByTask, Double finetunedThenPrunedByPretraining,
                                Double prunedThenFinetuned, Double pruningFirstAdvantage) {
    }

    /**
     * The three findings with their numbers, and the summary the Markdown report shows: one paragraph per
     * finding (prunability, coherence, before vs after fine-tuning), written from these numbers.
     */
    public record Findings(List<PrunabilityFinding> prunability, CoherenceFinding coherence,
                           BeforeAfterFinding beforeAfter, List<String> summary) {
    }

    /**
     * Largest fraction keeping ≥ 90 % ({@code Prunability.KEEP_SHARE}) of the unpruned model's margin over chance
     * (of the unpruned metric where the chance level is not known), for a task on its own model pruned by its own
     * importance and by random order.
     *
     * @param ownNote    why {@code byOwnImportance} is missing ({@code null} when it is there)
     * @param randomNote why {@code byRandom} is missing ({@code null} when it is there)
     */
    public record PrunabilityFinding(String task, String metric, Double byOwnImportance, Double byRandom,
                                     Double unpruned, int randomSeeds, String ownNote, String randomNote) {
    }

    /**
     * Spearman ρ between the pre-training map and each downstream map: mean, lowest and highest, and the top-k
     * overlap per fraction averaged over the downstream tasks ({@link TopKRow} with mean Jaccard and mean
     * chance level).
     *
     * @param missingMaps the tasks whose importance map is not in yet
     */
    public record CoherenceFinding(String pretrainingTask, Double meanSpearman, List<TaskValue> perTask,
                                   TaskValue lowest, TaskValue highest, List<TopKRow> meanTopK,
                                   List<String> missingMaps) {
    }

    public record TaskValue(String task, Double value) {
    }

    /**
     * The pruning-first advantage over (task, fraction) cells, oriented so that positive means pruning before
     * fine-tuning did better (the difference is negated for lower-is-better metrics): in how many cells each
     * order did better, and the mean advantage per metric ({@code byMetric}) — never across metrics, whose
     * differences are in different units.
     */
    public record BeforeAfterFinding(List<MetricAdvantage> byMetric, int cells, int pruningFirstBetter,
                                     int fineTuningFirstBetter) {
    }

    /**
     * What produced every result: each importance map, fine-tune and masked evaluation with its full
     * {@link Provenance}, and the distinct code versions and platforms among them (one each when the whole
     * experiment ran on one build and one kind of machine).
     *
     * @param withoutProvenance results stored before provenance was recorded
     */
    public record ProvenanceSection(List<Provenance.Code> codeVersions, List<Provenance.Platform> platforms,
                                    List<MapProvenance> maps, List<FineTuneProvenance> fineTunes,
                                    List<EvaluationProvenance> evaluations, int withoutProvenance) {
    }

    /** The importance map of {@code task} on {@code variant}: what {@code headcount reproduce --map} recomputes. */
    public record MapProvenance(String task, String variant, Provenance provenance) {
    }

    public record FineTuneProvenance(String variant, Provenance provenance) {
    }

    public record EvaluationProvenance(String baseVariant, String ranking, double fraction, String evaluatedTask,
                                       Provenance provenance) {
    }

    /** The mean oriented pruning-first advantage over the cells scored with one metric. */
    public record MetricAdvantage(String metric, int cells, int pruningFirstBetter, int fineTuningFirstBetter,
                                  double meanAdvantage) {
    }
}
