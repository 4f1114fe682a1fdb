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
                               ProvenanceSection provenance, List<UnitRow> units) {

    /** A report.json written before units were recorded reads with no units. */
    public ExperimentReport {
        units = units == null ? List.of() : List.copyOf(units);
    }

    public ExperimentReport(String experimentId, String status, Instant requestedAt, Instant completedAt,
                            String failureReason, RequestSummary request, List<StageProgress> progress,
                            List<ImportanceSection> importance, CoherenceSection coherence,
                            List<CurveTable> pruningCurves, List<PrunabilityRow> prunability,
                            List<FineTuningRow> fineTuning, Findings findings, List<LearningRow> learning,
                            ProvenanceSection provenance) {
        this(experimentId, status, requestedAt, completedAt, failureReason, request, progress, importance, coherence,
                pruningCurves, prunability, fineTuning, findings, learning, provenance, List.of());
    }

    /**
     * One handling of one unit of work by one worker replica ({@code WorkDone}): the durations
     * {@code headcount simulate} schedules, and who did what.
     *
     * @param id      the unit's name ({@code WorkUnit#id()}: {@code prune/pruned/…}, {@code evaluate/…}, …)
     * @param kind    {@code score}, {@code prune}, {@code evaluate} or {@code finetune}
     * @param seconds from taking the unit to its results being acknowledged
     * @param reused  the result was already stored and only read back and republished
     */
    public record UnitRow(String id, String kind, String worker, Instant startedAt, Instant finishedAt,
                          double seconds, boolean reused) {
    }

    /**
     * Whether one fine-tuned model learned its task: the primary dev metric ({@code value}) with its 95 %
     * bootstrap interval over dev examples against the task's trivial baseline. A full fine-tuned model that did
     * not learn is shown but kept out of the findings (its importance map, its pruning curves and its
     * before/after rows).
     */
    public record LearningRow(String variant, String task, String metric, double value, double baseline,
                              double ciLow, double ciHigh, boolean learned, String reason) {
    }

    /**
     * @param shards scoring shards per importance map ({@code importance.shards}), which shape the units of work
     *               {@code headcount simulate} schedules; {@code null} in reports written before shards existed
     */
    public record RequestSummary(String model, String pretrainingTask, List<String> downstreamTasks,
                                 List<Double> pruningFractions, List<String> rankings,
                                 List<Double> finetuneFractions, int scoringExamples, int trainCap, int devCap,
                                 java.util.Map<String, Integer> trainCapByTask,
                                 String granularity, boolean normalizePerLayer, boolean normalizeGlobal,
                                 FineTuneOptions fineTuning, long seed, Integer shards) {
    }

    /** Units of one kind done out of those the plan expects. */
    public record StageProgress(String stage, int done, int expected) {
    }

    /**
     * One task's importance map (normalised) with attention entropy and the share of importance per layer.
     *
     * @param importance        the raw importance, mean |dL/dξ| (rawSums / counts): what {@code headcount reproduce}
     *                          compares a recomputation with, since normalising inflates small relative differences
     * @param splitHalfSpearman the map's reliability: Spearman ρ between maps of two disjoint halves of its scoring
     *                          units, Spearman–Brown corrected, averaged over random splits; the noise ceiling of
     *                          its coherence with any other map. {@code null} without per-unit gradients
     */
    public record ImportanceSection(String task, String variant, String granularity, int layers, int heads,
                                    List<List<Double>> normalizedImportance, List<List<Double>> attentionEntropy,
                                    List<Double> layerMass, List<List<Double>> importance, Double splitHalfSpearman) {
        public ImportanceSection(String task, String variant, String granularity, int layers, int heads,
                                 List<List<Double>> normalizedImportance, List<List<Double>> attentionEntropy,
                                 List<Double> layerMass, List<List<Double>> importance) {
            this(task, variant, granularity, layers, heads, normalizedImportance, attentionEntropy, layerMass,
                    importance, null);
        }
    }

    /** Square tables over {@code tasks} (pre-training first) and every pair's statistics. */
    public record CoherenceSection(List<String> tasks, List<List<Double>> spearman, List<List<Double>> kendallTauB,
                                   List<List<Double>> pearson, List<CoherenceRow> pairs) {
    }

    /**
     * Two maps compared. The intervals resample the scoring units of both maps (percentile bootstrap, 95 %); they
     * are {@code null} when either map has no per-unit gradients.
     *
     * @param spearmanPValue    two-sided permutation p-value of ρ against unrelated head orders
     * @param reliabilityFirst  split-half reliability of the first map (Spearman–Brown corrected)
     * @param reliabilitySecond the same for the second map
     * @param ceiling           √(reliabilityFirst · reliabilitySecond): the ρ two maps this noisy can show even
     *                          if their true orders were identical; {@code null} when a reliability is not positive
     * @param examplesToDecide  when ρ's interval includes 0: about how many scoring examples per map would decide it
     */
    public record CoherenceRow(String first, String second, Double spearman, Double spearmanCiLow,
                               Double spearmanCiHigh, Double spearmanPValue, Double reliabilityFirst,
                               Double reliabilitySecond, Double ceiling, Double kendallTauB, Double pearson,
                               List<TopKRow> topK, List<Double> layerMassOfFirst, List<Double> layerMassOfSecond,
                               Long examplesToDecide) {

        /** What ρ's interval decides: {@code coherent}, {@code anti-coherent}, {@code not-resolved}; null: no interval. */
        public String verdict() {
            if (spearmanCiLow == null || spearmanCiHigh == null) {
                return null;
            }
            return spearmanCiLow > 0 ? "coherent" : spearmanCiHigh < 0 ? "anti-coherent" : "not-resolved";
        }
    }

    /** The top-k Jaccard overlap with its chance level and its 95 % interval ({@code null} when not resampled). */
    public record TopKRow(double fraction, int k, Double jaccard, Double chanceJaccard, Double ciLow, Double ciHigh) {
        public TopKRow(double fraction, int k, Double jaccard, Double chanceJaccard) {
            this(fraction, k, jaccard, chanceJaccard, null, null);
        }

        /** The whole interval lies above the chance level. */
        public boolean aboveChance() {
            return ciLow != null && chanceJaccard != null && ciLow > chanceJaccard;
        }
    }

    /**
     * The metric per fraction on one evaluated task for every ranking evaluated there, and the random
     * rankings' mean and standard deviation over seeds.
     */
    public record CurveTable(String evaluatedTask, String baseVariant, String metric, Boolean higherIsBetter,
                             List<Double> fractions, List<Series> rankings, RandomSeries random) {
    }

    /**
     * One ranking's curve; {@code ciLow}/{@code ciHigh} are each point's 95 % bootstrap interval over the dev
     * examples, aligned with the table's fractions ({@code null} when the evaluations carry no predictions).
     */
    public record Series(String ranking, List<Double> values, List<Double> ciLow, List<Double> ciHigh) {
        public Series(String ranking, List<Double> values) {
            this(ranking, values, null, null);
        }
    }

    /**
     * {@code null} when the request asks for no random ranking; per fraction over seeds (null where not every
     * seed is in yet), and each seed's own values ({@code random:<seed>}). {@code min}/{@code max} are the band
     * over seeds; {@code ciLow}/{@code ciHigh} the 95 % bootstrap interval of the seed mean over dev examples.
     */
    public record RandomSeries(int seeds, List<Double> mean, List<Double> standardDeviation, List<Double> min,
                               List<Double> max, List<Series> perSeed, List<Double> ciLow, List<Double> ciHigh) {
        public RandomSeries(int seeds, List<Double> mean, List<Double> standardDeviation, List<Double> min,
                            List<Double> max) {
            this(seeds, mean, standardDeviation, min, max, List.of(), null, null);
        }
    }

    /**
     * @param ranking a task ranking's name or {@code random} (averaged over {@code seeds} seeds)
     * @param chance  the trivial baseline's score on the dev labels retention is measured above; {@code null} when
     *                not known (retention is then the share of the unpruned metric)
     * @param relativeAreaCiLow 95 % bootstrap interval of the relative area, over dev examples (likewise below);
     *                          {@code null} when the evaluations carry no predictions
     */
    public record PrunabilityRow(String evaluatedTask, String baseVariant, String ranking, String metric, int seeds,
                                 Double unpruned, Double chance, Double rawArea, Double relativeArea,
                                 Double relativeAreaCiLow, Double relativeAreaCiHigh, Double largestFractionKept,
                                 Double largestFractionKeptCiLow, Double largestFractionKeptCiHigh, String note) {
    }

    /**
     * One downstream task at one fine-tune fraction.
     *
     * @param pruningFirstAdvantage pruned-then-fine-tuned minus fine-tuned-then-pruned (both by pre-training
     *                              importance), as a signed metric difference
     * @param advantageCiLow        95 % paired bootstrap interval over dev examples of the advantage oriented so that
     *                              positive means pruning first did better; {@code null} without predictions
     * @param advantagePValue       two-sided permutation p-value of that advantage (the two orders exchangeable)
     * @param verdict               {@code pruning-first-better}, {@code fine-tuning-first-better} or
     *                              {@code not-decided}; {@code null} without predictions (no claim)
     * @param examplesToDecide      about how many dev examples would decide a {@code not-decided} cell
     */
    public record FineTuningRow(String task, String metric, boolean higherIsBetter, double fraction, Double finetuned,
                                Double finetunedThenPrunedByTask, Double finetunedThenPrunedByPretraining,
                                Double prunedThenFinetuned, Double pruningFirstAdvantage, Double advantageCiLow,
                                Double advantageCiHigh, Double advantagePValue, String verdict,
                                Long examplesToDecide) {
        public FineTuningRow(String task, String metric, boolean higherIsBetter, double fraction, Double finetuned,
                             Double finetunedThenPrunedByTask, Double finetunedThenPrunedByPretraining,
                             Double prunedThenFinetuned, Double pruningFirstAdvantage) {
            this(task, metric, higherIsBetter, fraction, finetuned, finetunedThenPrunedByTask,
                    finetunedThenPrunedByPretraining, prunedThenFinetuned, pruningFirstAdvantage, null, null, null,
                    null, null);
        }
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
     * @param ownNote          why {@code byOwnImportance} is missing ({@code null} when it is there)
     * @param randomNote       why {@code byRandom} is missing ({@code null} when it is there)
     * @param verdict          what the paired interval of the difference decides ({@code longer}, {@code shorter},
     *                         {@code grid-too-coarse}, {@code not-decided}, {@code undefined}); {@code null} without
     *                         predictions (point estimates only: no claim)
     * @param differenceCiLow  95 % paired bootstrap interval of own minus random largest fraction kept
     * @param areaDifference   own minus random relative area, with its interval below
     * @param examplesToDecide about how many dev examples would decide a {@code not-decided} comparison
     */
    public record PrunabilityFinding(String task, String metric, Double byOwnImportance, Double byRandom,
                                     Double unpruned, int randomSeeds, String ownNote, String randomNote,
                                     String verdict, Double differenceCiLow, Double differenceCiHigh,
                                     Double areaDifference, Double areaDifferenceCiLow, Double areaDifferenceCiHigh,
                                     Long examplesToDecide) {
        public PrunabilityFinding(String task, String metric, Double byOwnImportance, Double byRandom,
                                  Double unpruned, int randomSeeds, String ownNote, String randomNote) {
            this(task, metric, byOwnImportance, byRandom, unpruned, randomSeeds, ownNote, randomNote, null, null, null,
                    null, null, null, null);
        }
    }

    /**
     * Spearman ρ between the pre-training map and each downstream map: mean, lowest and highest, and the top-k
     * overlap per fraction averaged over the downstream tasks ({@link TopKRow} with mean Jaccard and mean
     * chance level).
     *
     * @param missingMaps the tasks whose importance map is not in yet
     * @param pairs       the pre-training map against each downstream map, with intervals where resampled
     */
    public record CoherenceFinding(String pretrainingTask, Double meanSpearman, List<TaskValue> perTask,
                                   TaskValue lowest, TaskValue highest, List<TopKRow> meanTopK,
                                   List<String> missingMaps, List<CoherenceRow> pairs) {
        public CoherenceFinding(String pretrainingTask, Double meanSpearman, List<TaskValue> perTask,
                                TaskValue lowest, TaskValue highest, List<TopKRow> meanTopK,
                                List<String> missingMaps) {
            this(pretrainingTask, meanSpearman, perTask, lowest, highest, meanTopK, missingMaps, List.of());
        }
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
                                     int fineTuningFirstBetter, int decidedPruningFirst, int decidedFineTuningFirst,
                                     int notDecided) {
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
