package dev.headcount.report.tables;

import dev.headcount.events.Ranking;
import dev.headcount.report.report.ExperimentReport;
import dev.headcount.report.report.ExperimentReport.CoherenceRow;
import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;
import dev.headcount.report.report.ExperimentReport.PrunabilityRow;
import dev.headcount.report.report.ExperimentReport.RandomSeries;
import dev.headcount.report.report.ExperimentReport.Series;
import dev.headcount.report.report.ExperimentReport.TopKRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.headcount.report.tables.Csv.number;

/**
 * The report's numbers as CSV tables, one row per value (long format, for spreadsheets and data frames).
 * Every table is written even when empty (header only), so a report always has the same files. Pure.
 */
public final class ReportTables {
    private ReportTables() {
    }

    public static List<CsvTable> of(ExperimentReport report) {
        return List.of(importance(report.importance()), layerMass(report.importance()),
                coherence(report.coherence().pairs()), pruningCurves(report.pruningCurves()),
                prunability(report.prunability()), fineTuning(report.fineTuning()));
    }

    /** Layer: for ALBERT the pass of its shared layer, as everywhere in headcount. */
    static CsvTable importance(List<ImportanceSection> sections) {
        List<List<String>> rows = new ArrayList<>();
        for (ImportanceSection s : sections) {
            for (int layer = 0; layer < s.normalizedImportance().size(); layer++) {
                List<Double> values = s.normalizedImportance().get(layer);
                for (int head = 0; head < values.size(); head++) {
                    rows.add(row(s.task(), s.variant(), s.granularity(), Integer.toString(layer),
                            Integer.toString(head), number(values.get(head)),
                            number(at(s.attentionEntropy(), layer, head))));
                }
            }
        }
        return new CsvTable("importance", "normalised importance and mean attention entropy (nats) of every head",
                List.of("task", "variant", "granularity", "layer", "head", "importance", "attention_entropy"), rows);
    }

    static CsvTable layerMass(List<ImportanceSection> sections) {
        List<List<String>> rows = new ArrayList<>();
        for (ImportanceSection s : sections) {
            List<Double> mass = s.layerMass() == null ? List.of() : s.layerMass();
            for (int layer = 0; layer < mass.size(); layer++) {
                rows.add(row(s.task(), s.variant(), Integer.toString(layer), number(mass.get(layer))));
            }
        }
        return new CsvTable("layer-mass", "each task's share of raw importance (mean |gate gradient|) per layer",
                List.of("task", "variant", "layer", "share"), rows);
    }

    /** One row per pair; the top-k overlap as three columns per fraction ({@code top10_k} …). */
    static CsvTable coherence(List<CoherenceRow> pairs) {
        Set<Double> fractions = new LinkedHashSet<>();
        pairs.forEach(pair -> pair.topK().forEach(t -> fractions.add(t.fraction())));
        List<String> header = new ArrayList<>(List.of("first", "second", "spearman", "spearman_ci_low",
                "spearman_ci_high", "spearman_p_value", "reliability_first", "reliability_second", "ceiling",
                "kendall_tau_b", "pearson"));
        for (double fraction : fractions) {
            String top = "top" + percent(fraction);
            header.addAll(List.of(top + "_k", top + "_jaccard", top + "_ci_low", top + "_ci_high",
                    top + "_chance_jaccard"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (CoherenceRow pair : pairs) {
            List<String> row = row(pair.first(), pair.second(), number(pair.spearman()), number(pair.spearmanCiLow()),
                    number(pair.spearmanCiHigh()), number(pair.spearmanPValue()), number(pair.reliabilityFirst()),
                    number(pair.reliabilitySecond()), number(pair.ceiling()), number(pair.kendallTauB()),
                    number(pair.pearson()));
            for (double fraction : fractions) {
                TopKRow t = pair.topK().stream().filter(k -> k.fraction() == fraction).findFirst().orElse(null);
                row.addAll(t == null ? row(null, null, null, null, null)
                        : row(Integer.toString(t.k()), number(t.jaccard()), number(t.ciLow()), number(t.ciHigh()),
                        number(t.chanceJaccard())));
            }
            rows.add(row);
        }
        return new CsvTable("coherence", "every pair of importance maps: rank correlations with the 95 % bootstrap "
                + "interval, permutation p-value and noise ceiling of ρ, and top-k overlap (Jaccard) with its interval "
                + "and chance level", header, rows);
    }

    /**
     * The task rankings' values, each random seed's values ({@code seed} set), and the seeds' mean
     * ({@code ranking} {@code random}) with its standard deviation, minimum and maximum.
     */
    static CsvTable pruningCurves(List<CurveTable> tables) {
        List<List<String>> rows = new ArrayList<>();
        for (CurveTable t : tables) {
            List<String> curve = row(t.evaluatedTask(), t.baseVariant(), t.metric(),
                    t.higherIsBetter() == null ? null : t.higherIsBetter().toString());
            for (Series s : t.rankings()) {
                for (int i = 0; i < t.fractions().size(); i++) {
                    rows.add(concat(curve, row(s.ranking(), null, number(t.fractions().get(i)),
                            number(at(s.values(), i)), number(at(s.ciLow(), i)), number(at(s.ciHigh(), i)), null, null,
                            null, null)));
                }
            }
            RandomSeries random = t.random();
            if (random == null) {
                continue;
            }
            for (Series seed : random.perSeed()) {
                String seedNumber = Long.toString(Ranking.parse(seed.ranking()).seed());
                for (int i = 0; i < t.fractions().size(); i++) {
                    rows.add(concat(curve, row(seed.ranking(), seedNumber, number(t.fractions().get(i)),
                            number(at(seed.values(), i)), null, null, null, null, null, null)));
                }
            }
            for (int i = 0; i < t.fractions().size(); i++) {
                rows.add(concat(curve, row("random", null, number(t.fractions().get(i)), number(at(random.mean(), i)),
                        number(at(random.ciLow(), i)), number(at(random.ciHigh(), i)),
                        Integer.toString(random.seeds()), number(at(random.standardDeviation(), i)),
                        number(at(random.min(), i)), number(at(random.max(), i)))));
            }
        }
        return new CsvTable("pruning-curves", "the evaluated task's metric per fraction of heads pruned: each ranking, "
                + "each random seed, and the random seeds' mean with its spread; ci_low/ci_high: 95 % bootstrap interval "
                + "over dev examples (of the seed mean for random)",
                List.of("evaluated_task", "base_variant", "metric", "higher_is_better", "ranking", "seed", "fraction",
                        "value", "ci_low", "ci_high", "random_seeds", "random_sd", "random_min", "random_max"), rows);
    }

    static CsvTable prunability(List<PrunabilityRow> rows) {
        return new CsvTable("prunability", "area under each complete pruning curve (relative: mean retention over "
                + "the grid) and the largest fraction that keeps ≥ 90 % of the unpruned model's margin over chance",
                List.of("evaluated_task", "base_variant", "ranking", "metric", "seeds", "unpruned", "chance", "raw_area",
                        "relative_area", "relative_area_ci_low", "relative_area_ci_high", "largest_fraction_kept",
                        "largest_fraction_kept_ci_low", "largest_fraction_kept_ci_high", "note"),
                rows.stream().map(r -> row(r.evaluatedTask(), r.baseVariant(), r.ranking(), r.metric(),
                        Integer.toString(r.seeds()), number(r.unpruned()), number(r.chance()), number(r.rawArea()),
                        number(r.relativeArea()), number(r.relativeAreaCiLow()), number(r.relativeAreaCiHigh()),
                        number(r.largestFractionKept()), number(r.largestFractionKeptCiLow()),
                        number(r.largestFractionKeptCiHigh()), r.note())).toList());
    }

    static CsvTable fineTuning(List<FineTuningRow> rows) {
        return new CsvTable("fine-tuning", "before vs after fine-tuning per task and fraction pruned (advantage: "
                + "pruned then fine-tuned minus fine-tuned then pruned, by pre-training importance)",
                List.of("task", "metric", "higher_is_better", "fraction", "finetuned", "finetuned_then_pruned_by_task",
                        "finetuned_then_pruned_by_pretraining", "pruned_then_finetuned", "pruning_first_advantage",
                        "advantage_ci_low", "advantage_ci_high", "advantage_p_value", "verdict"),
                rows.stream().map(r -> row(r.task(), r.metric(), Boolean.toString(r.higherIsBetter()),
                        number(r.fraction()), number(r.finetuned()), number(r.finetunedThenPrunedByTask()),
                        number(r.finetunedThenPrunedByPretraining()), number(r.prunedThenFinetuned()),
                        number(r.pruningFirstAdvantage()), number(r.advantageCiLow()), number(r.advantageCiHigh()),
                        number(r.advantagePValue()), r.verdict())).toList());
    }

    /** A mutable row that may hold {@code null} (empty fields). */
    private static List<String> row(String... fields) {
        return new ArrayList<>(Arrays.asList(fields));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Double at(List<Double> values, int i) {
        return values != null && i < values.size() ? values.get(i) : null;
    }

    private static Double at(List<List<Double>> values, int row, int column) {
        return values != null && row < values.size() ? at(values.get(row), column) : null;
    }

    /** 0.1 → "10", 0.125 → "12.5". */
    private static String percent(double fraction) {
        double p = fraction * 100;
        return Math.abs(p - Math.rint(p)) < 1e-9 ? Long.toString(Math.round(p)) : String.format(Locale.ROOT, "%s", p);
    }
}
