package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.CoherenceSection;

import java.util.List;
import java.util.Locale;

/**
 * Spearman ρ between every two tasks' importance maps as a square matrix on a diverging scale fixed to
 * [−1, 1], each cell with its value written in it ("—" where undefined).
 */
public final class CoherenceMatrixFigure {
    private static final int CELL = 64;
    private static final int LEGEND_STEPS = 20;

    private CoherenceMatrixFigure() {
    }

    public static Drawing draw(CoherenceSection coherence) {
        List<String> tasks = coherence.tasks();
        String title = "Coherence of importance maps (Spearman ρ)";
        if (tasks.size() < 2 || coherence.spearman().size() < tasks.size()) {
            return new Drawing(420, 120, canvas -> {
                canvas.title(title);
                canvas.noData(210, 75);
            });
        }
        int n = tasks.size();
        int labelWidth = Math.min(160, 20 + 7 * tasks.stream().mapToInt(String::length).max().orElse(4));
        int left = labelWidth + 10;
        int top = 50 + labelWidth;
        return new Drawing(Math.max(left + n * CELL + 110, 420), top + n * CELL + 30, canvas -> {
            canvas.title(title);
            paintCells(canvas, coherence, left, top);
            legend(canvas, left + n * CELL + 24, top, n * CELL);
        });
    }

    private static void paintCells(Canvas canvas, CoherenceSection coherence, int left, int top) {
        List<String> tasks = coherence.tasks();
        int n = tasks.size();
        for (int j = 0; j < n; j++) {
            canvas.rotatedText(left + j * CELL + CELL / 2.0 + 4, top - 8, tasks.get(j), "start", -45);
        }
        for (int i = 0; i < n; i++) {
            canvas.text(left - 8, top + i * CELL + CELL / 2.0 + 4, tasks.get(i), "end");
            List<Double> row = coherence.spearman().get(i);
            for (int j = 0; j < n; j++) {
                Double v = j < row.size() ? Numbers.finite(row.get(j)) : null;
                String fill = v == null ? Colours.MISSING : Colours.diverging(v);
                double x = left + j * CELL;
                double y = top + i * CELL;
                canvas.rect(v == null ? "cell missing" : "cell", x, y, CELL - 1, CELL - 1, fill,
                        tasks.get(i) + " vs " + tasks.get(j) + ": " + Numbers.format(v, "%.4f"));
                canvas.text(x + CELL / 2.0, y + CELL / 2.0 + 4,
                        v == null ? "—" : String.format(Locale.ROOT, "%.2f", v), "middle", 12, Colours.textOn(fill),
                        "value");
            }
        }
    }

    private static void legend(Canvas canvas, double x, double top, double height) {
        double step = height / LEGEND_STEPS;
        for (int i = 0; i < LEGEND_STEPS; i++) {
            double v = 1 - 2.0 * i / (LEGEND_STEPS - 1);
            canvas.rect("legend", x, top + i * step, 16, step + 0.5, Colours.diverging(v), null);
        }
        canvas.text(x + 22, top + 10, "+1", "start");
        canvas.text(x + 22, top + height / 2 + 4, "0", "start");
        canvas.text(x + 22, top + height, "−1", "start");
    }
}
