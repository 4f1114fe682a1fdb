package dev.headcount.report.tables;

import dev.headcount.report.TinyExperiment;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.report.ExperimentReport;
import dev.headcount.report.report.ExperimentReport.CoherenceRow;
import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;
import dev.headcount.report.report.ExperimentReport.Series;
import dev.headcount.report.report.ExperimentSnapshot;
import dev.headcount.report.report.ReportBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every number of the CSV tables reads back as exactly the report's number (tiny experiment). */
class ReportTablesTest {
    private final TinyExperiment tiny = new TinyExperiment("exp-tables");
    private final ExperimentReport report = ReportBuilder.build(new ExperimentSnapshot(tiny.experimentId, "completed",
            Instant.parse("2025-05-01T09:30:00Z"), Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan,
            tiny.maps(), tiny.evaluations(), tiny.fineTunes(), Completion.expected(tiny.plan)));

    /** The table's rows as maps from column name to field. */
    private static List<Map<String, String>> rows(CsvTable table) {
        List<List<String>> records = CsvTest.parse(table.csv());
        assertEquals(table.header(), records.get(0));
        return records.subList(1, records.size()).stream().map(record -> {
            assertEquals(table.header().size(), record.size(), record.toString());
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < record.size(); i++) {
                row.put(table.header().get(i), record.get(i));
            }
            return row;
        }).toList();
    }

    private CsvTable table(String name) {
        return ReportTables.of(report).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void everyReportHasTheSameFiles() {
        assertEquals(List.of("importance.csv", "layer-mass.csv", "coherence.csv", "pruning-curves.csv",
                "prunability.csv", "fine-tuning.csv"), ReportTables.of(report).stream().map(CsvTable::fileName).toList());
    }

    @Test
    void importanceAndLayerMass() {
        List<Map<String, String>> rows = rows(table("importance"));
        assertEquals(2 * 3 * 4, rows.size());
        for (Map<String, String> row : rows) {
            ImportanceSection section = report.importance().stream().filter(s -> s.task().equals(row.get("task")))
                    .findFirst().orElseThrow();
            int layer = Integer.parseInt(row.get("layer"));
            int head = Integer.parseInt(row.get("head"));
            assertEquals(section.variant(), row.get("variant"));
            assertEquals(section.normalizedImportance().get(layer).get(head), num(row, "importance"));
            assertEquals(section.attentionEntropy().get(layer).get(head), num(row, "attention_entropy"));
        }
        Map<String, String> spam = rows.stream().filter(r -> r.get("task").equals(TinyExperiment.SPAM)
                && r.get("layer").equals("2") && r.get("head").equals("0")).findFirst().orElseThrow();
        assertEquals(TinyExperiment.SPAM_MAP[2][0], num(spam, "importance"));

        List<Map<String, String>> mass = rows(table("layer-mass"));
        assertEquals(2 * 3, mass.size());
        for (Map<String, String> row : mass) {
            ImportanceSection section = report.importance().stream().filter(s -> s.task().equals(row.get("task")))
                    .findFirst().orElseThrow();
            assertEquals(section.layerMass().get(Integer.parseInt(row.get("layer"))), num(row, "share"));
        }
    }

    @Test
    void coherence() {
        List<Map<String, String>> rows = rows(table("coherence"));
        CoherenceRow pair = report.coherence().pairs().get(0);
        assertEquals(1, rows.size());
        Map<String, String> row = rows.get(0);
        assertEquals(TinyExperiment.PRETRAINING, row.get("first"));
        assertEquals(TinyExperiment.SPAM, row.get("second"));
        assertEquals(pair.spearman(), num(row, "spearman"));
        assertEquals(pair.kendallTauB(), num(row, "kendall_tau_b"));
        assertEquals(pair.pearson(), num(row, "pearson"));
        assertEquals(List.of("top10_k", "top10_jaccard", "top10_ci_low", "top10_ci_high", "top10_chance_jaccard",
                "top25_k", "top25_jaccard", "top25_ci_low", "top25_ci_high", "top25_chance_jaccard", "top50_k",
                "top50_jaccard", "top50_ci_low", "top50_ci_high", "top50_chance_jaccard"),
                table("coherence").header().subList(11, 26));
        assertEquals(pair.topK().get(1).k(), Integer.parseInt(row.get("top25_k")));
        assertEquals(pair.topK().get(1).jaccard(), num(row, "top25_jaccard"));
        assertEquals(pair.topK().get(2).chanceJaccard(), num(row, "top50_chance_jaccard"));
    }

    @Test
    void pruningCurvesWithEverySeedAndTheRandomSpread() {
        List<Map<String, String>> rows = rows(table("pruning-curves"));
        // 2 targets × (2 task rankings + 2 seeds + the random mean) × 3 fractions
        assertEquals(2 * 5 * 3, rows.size());
        for (Map<String, String> row : rows) {
            CurveTable curve = report.pruningCurves().stream()
                    .filter(t -> t.evaluatedTask().equals(row.get("evaluated_task"))).findFirst().orElseThrow();
            assertEquals(curve.baseVariant(), row.get("base_variant"));
            assertEquals(curve.metric(), row.get("metric"));
            assertEquals("true", row.get("higher_is_better"));
            int i = curve.fractions().indexOf(num(row, "fraction"));
            String ranking = row.get("ranking");
            if (ranking.equals("random")) {
                assertEquals(curve.random().mean().get(i), num(row, "value"));
                assertEquals(2, Integer.parseInt(row.get("random_seeds")));
                assertEquals(curve.random().min().get(i), num(row, "random_min"));
                assertEquals(curve.random().max().get(i), num(row, "random_max"));
                assertEquals(curve.random().standardDeviation().get(i), num(row, "random_sd"));
            } else {
                List<Series> series = ranking.startsWith("random:") ? curve.random().perSeed() : curve.rankings();
                Series s = series.stream().filter(x -> x.ranking().equals(ranking)).findFirst().orElseThrow();
                assertEquals(s.values().get(i), num(row, "value"));
                assertEquals(ranking.startsWith("random:") ? ranking.substring(7) : "", row.get("seed"));
                assertEquals("", row.get("random_sd"));
            }
        }
        // a known number: spam pruned by random seed 1 to 50 %, 0.9 × (1 − 0.6 × 0.5)
        Map<String, String> seed1 = rows.stream().filter(r -> r.get("evaluated_task").equals(TinyExperiment.SPAM)
                && r.get("ranking").equals("random:1") && r.get("fraction").equals("0.5")).findFirst().orElseThrow();
        assertEquals(0.9 * (1 - 0.6 * 0.5), num(seed1, "value"), 1e-12);
        assertEquals("1", seed1.get("seed"));
    }

    @Test
    void prunabilityAndFineTuning() {
        List<Map<String, String>> prunability = rows(table("prunability"));
        assertEquals(report.prunability().size(), prunability.size());
        for (int i = 0; i < prunability.size(); i++) {
            assertEquals(report.prunability().get(i).ranking(), prunability.get(i).get("ranking"));
            assertEquals(report.prunability().get(i).rawArea(), num(prunability.get(i), "raw_area"));
            assertEquals(report.prunability().get(i).largestFractionKept(),
                    num(prunability.get(i), "largest_fraction_kept"));
        }
        List<Map<String, String>> rows = rows(table("fine-tuning"));
        assertEquals(1, rows.size());
        FineTuningRow expected = report.fineTuning().get(0);
        Map<String, String> row = rows.get(0);
        assertEquals(expected.task(), row.get("task"));
        assertEquals(expected.fraction(), num(row, "fraction"));
        assertEquals(expected.finetuned(), num(row, "finetuned"));
        assertEquals(expected.finetunedThenPrunedByTask(), num(row, "finetuned_then_pruned_by_task"));
        assertEquals(expected.finetunedThenPrunedByPretraining(), num(row, "finetuned_then_pruned_by_pretraining"));
        assertEquals(TinyExperiment.PRUNED_THEN_FINETUNED, num(row, "pruned_then_finetuned"));
        assertEquals(expected.pruningFirstAdvantage(), num(row, "pruning_first_advantage"));
    }

    @Test
    void aReportSoFarHasHeaderOnlyTables() {
        ExperimentReport empty = ReportBuilder.build(new ExperimentSnapshot(tiny.experimentId, "running", null, null,
                null, null, tiny.plan, List.of(), List.of(), List.of(), Completion.expected(tiny.plan)));
        for (CsvTable table : ReportTables.of(empty)) {
            assertNotNull(table.csv());
            assertTrue(table.name().equals("pruning-curves") || table.rows().isEmpty(), table.name());
        }
        // the curves exist with every value missing: empty fields, never "null" or "NaN"
        String curves = table("pruning-curves").csv();
        String none = ReportTables.of(empty).get(3).csv();
        assertTrue(!none.contains("null") && !none.contains("NaN"), none);
        assertTrue(curves.startsWith("evaluated_task,base_variant,metric,"));
    }
}
