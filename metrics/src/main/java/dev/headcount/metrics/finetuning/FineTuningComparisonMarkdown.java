package dev.headcount.metrics.finetuning;

import dev.headcount.metrics.report.MarkdownTable;
import java.util.List;
import java.util.Locale;

/** Renders the before/after fine-tuning comparison for the report: values to 4 decimals, missing ones as "—". */
public final class FineTuningComparisonMarkdown {
    private static final List<String> HEADER = List.of("task", "metric", "pruned", "fine-tuned",
            "FT → pruned (task imp.)", "Δ", "FT → pruned (pre-training imp.)", "Δ",
            "pruned (pre-training imp.) → FT", "Δ", "pruned first − FT first");

    private FineTuningComparisonMarkdown() {
    }

    public static MarkdownTable table(FineTuningComparison comparison) {
        return new MarkdownTable(HEADER, comparison.rows().stream().map(FineTuningComparisonMarkdown::cells).toList());
    }

    private static List<String> cells(FineTuningComparisonRow row) {
        return List.of(row.task(),
                row.metric().id() + (row.metric().higherIsBetter() ? " ↑" : " ↓"),
                percent(row.fractionPruned()),
                value(row.finetuned()),
                value(row.finetunedThenPrunedByTask()), change(row.finetunedThenPrunedByTaskChange()),
                value(row.finetunedThenPrunedByPretraining()), change(row.finetunedThenPrunedByPretrainingChange()),
                value(row.prunedThenFinetuned()), change(row.prunedThenFinetunedChange()),
                change(row.pruningFirstAdvantage()));
    }

    /** "30 %", or "12.5 %" where a whole number would hide the step (0.3 · 100 is 30.000000000000004). */
    private static String percent(double fraction) {
        double percent = fraction * 100;
        boolean whole = Math.abs(percent - Math.rint(percent)) < 1e-9;
        return String.format(Locale.ROOT, whole ? "%.0f %%" : "%.1f %%", percent);
    }

    private static String value(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String change(double difference) {
        return Double.isNaN(difference) ? "—" : String.format(Locale.ROOT, "%+.4f", difference);
    }
}
