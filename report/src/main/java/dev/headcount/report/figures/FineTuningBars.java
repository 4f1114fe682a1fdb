package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.FineTuningRow;

import java.util.List;
import java.util.Locale;

/**
 * One downstream task before and after fine-tuning, grouped by fine-tune (pruning) fraction: the unpruned
 * fine-tuned model, fine-tuned then pruned (by the task's and by pre-training importance), and pruned (by
 * pre-training importance) then fine-tuned.
 */
public final class FineTuningBars {
    public static final List<String> SERIES = List.of("fine-tuned, unpruned", "fine-tuned → pruned by task",
            "fine-tuned → pruned by pre-training", "pruned by pre-training → fine-tuned");
    public static final List<String> COLOURS = List.of("#7f7f7f", "#d62728", "#1f77b4", "#2ca02c");

    private FineTuningBars() {
    }

    /** @param rows the rows of one task (any order; drawn by fraction as given) */
    public static Drawing draw(String task, List<FineTuningRow> rows) {
        String metric = rows.isEmpty() ? "metric" : rows.get(0).metric()
                + (rows.get(0).higherIsBetter() ? " (higher is better)" : " (lower is better)");
        List<String> categories = rows.stream().map(r -> percent(r.fraction())).toList();
        Double[][] values = new Double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            FineTuningRow r = rows.get(i);
            values[i] = new Double[]{r.finetuned(), r.finetunedThenPrunedByTask(), r.finetunedThenPrunedByPretraining(),
                    r.prunedThenFinetuned()};
        }
        return BarChart.draw("Before vs after fine-tuning — " + task, metric, "fraction of heads pruned",
                categories, SERIES, COLOURS, values);
    }

    private static String percent(double fraction) {
        double p = fraction * 100;
        return String.format(Locale.ROOT, Math.abs(p - Math.rint(p)) < 1e-9 ? "%.0f %%" : "%.1f %%", p);
    }
}
