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

    public static String render(CoherenceSection coherence) {
        List<String> tasks = coherence.tasks();
        String title = "Coherence of importance maps (Spearman ρ)";
        if (tasks.size() < 2 || coherence.spearman().size() < tasks.size()) {
            Svg svg = new Svg(420, 120);
            svg.title(title);
            svg.noData(210, 75);
            return svg.end();
        }
        int n = tasks.size();
        int labelWidth = Math.min(160, 20 + 7 * tasks.stream().mapToInt(String::length).max().orElse(4));
        int left = labelWidth + 10;
        int top = 50 + labelWidth;
        int width = Math.max(left + n * CELL + 110, 420);
        int height = top + n * CELL + 30;
        Svg svg = new Svg(width, height);
        svg.title(title);
        for (int j = 0; j < n; j++) {
            svg.rotatedText(left + j * CELL + CELL / 2.0 + 4, top - 8, tasks.get(j), "start", -45);
        }
        for (int i = 0; i < n; i++) {
            svg.text(left - 8, top + i * CELL + CELL / 2.0 + 4, tasks.get(i), "end");
            List<Double> row = coherence.spearman().get(i);
            for (int j = 0; j < n; j++) {
                Double v = j < row.size() ? Svg.finite(row.get(j)) : null;
                String fill = v == null ? Svg.MISSING : Colours.diverging(v);
                double x = left + j * CELL;
                double y = top + i * CELL;
                svg.rect(v == null ? "cell missing" : "cell", x, y, CELL - 1, CELL - 1, fill,
                        tasks.get(i) + " vs " + tasks.get(j) + ": " + Svg.format(v, "%.4f"));
                svg.text(x + CELL / 2.0, y + CELL / 2.0 + 4, v == null ? "—" : String.format(Locale.ROOT, "%.2f", v),
                        "middle", 12, Colours.textOn(fill), "class=\"value\"");
            }
        }
        double lx = left + n * CELL + 24;
        double lh = n * CELL;
        double step = lh / LEGEND_STEPS;
        for (int i = 0; i < LEGEND_STEPS; i++) {
            double v = 1 - 2.0 * i / (LEGEND_STEPS - 1);
            svg.rect("legend", lx, top + i * step, 16, step + 0.5, Colours.diverging(v), null);
        }
        svg.text(lx + 22, top + 10, "+1", "start");
        svg.text(lx + 22, top + lh / 2 + 4, "0", "start");
        svg.text(lx + 22, top + lh, "−1", "start");
        return svg.end();
    }
}
