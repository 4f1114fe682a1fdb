package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.ImportanceSection;

import java.util.List;
import java.util.Locale;

/**
 * One task's normalised importance as a layers × heads heatmap. The colour scale runs from 0 to
 * {@code scaleMax}, which the caller shares across tasks so that the same colour means the same importance
 * in every task's figure. Missing or non-finite values are grey cells.
 */
public final class ImportanceHeatmap {
    static final int CELL = 30;
    static final int LEFT = 70;
    static final int TOP = 70;
    private static final int LEGEND_STEPS = 20;

    private ImportanceHeatmap() {
    }

    /** The largest finite importance over all sections (1 when there is none or it is not positive). */
    public static double sharedMax(List<ImportanceSection> sections) {
        double max = sections.stream().flatMap(s -> s.normalizedImportance().stream()).flatMap(List::stream)
                .filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).max().orElse(1);
        return max > 0 ? max : 1;
    }

    public static Drawing draw(ImportanceSection section, double scaleMax) {
        List<List<Double>> values = section.normalizedImportance();
        int layers = values == null ? 0 : values.size();
        int heads = layers == 0 ? 0 : values.stream().mapToInt(List::size).max().orElse(0);
        String title = "Head importance — " + section.task() + " on " + section.variant();
        if (layers == 0 || heads == 0) {
            return new Drawing(420, 120, canvas -> {
                canvas.title(title);
                canvas.noData(210, 75);
            });
        }
        // wide enough for the title too (bold 15 px is about 8.5 px a character): a long variant name was clipped
        int width = Math.max(Math.max(LEFT + heads * CELL + 110, 420), (int) Math.ceil(title.length() * 8.5) + 40);
        return new Drawing(width, TOP + layers * CELL + 30, canvas -> {
            canvas.title(title);
            paintCells(canvas, values, layers, heads, scaleMax);
            legend(canvas, LEFT + heads * CELL + 24, TOP, layers * CELL, scaleMax);
        });
    }

    private static void paintCells(Canvas canvas, List<List<Double>> values, int layers, int heads, double scaleMax) {
        canvas.text(LEFT + heads * CELL / 2.0, TOP - 28, "head", "middle");
        for (int h = 0; h < heads; h++) {
            canvas.text(LEFT + h * CELL + CELL / 2.0, TOP - 8, Integer.toString(h), "middle");
        }
        canvas.rotatedText(16, TOP + layers * CELL / 2.0, "layer", "middle", -90);
        for (int l = 0; l < layers; l++) {
            canvas.text(LEFT - 8, TOP + l * CELL + CELL / 2.0 + 4, Integer.toString(l), "end");
            List<Double> row = values.get(l);
            for (int h = 0; h < heads; h++) {
                Double v = h < row.size() ? Numbers.finite(row.get(h)) : null;
                String fill = v == null ? Colours.MISSING : Colours.sequential(v / scaleMax);
                String tooltip = String.format(Locale.ROOT, "layer %d head %d: %s", l, h, Numbers.format(v, "%.4f"));
                canvas.rect(v == null ? "cell missing" : "cell", LEFT + h * CELL, TOP + l * CELL, CELL - 1, CELL - 1,
                        fill, tooltip);
            }
        }
    }

    private static void legend(Canvas canvas, double x, double top, double height, double scaleMax) {
        double step = height / LEGEND_STEPS;
        for (int i = 0; i < LEGEND_STEPS; i++) {
            double t = (LEGEND_STEPS - 1 - i) / (double) (LEGEND_STEPS - 1);
            canvas.rect("legend", x, top + i * step, 16, step + 0.5, Colours.sequential(t), null);
        }
        canvas.text(x + 22, top + 10, String.format(Locale.ROOT, "%.3g", scaleMax), "start");
        canvas.text(x + 22, top + height, "0", "start");
        canvas.rect("legend", x, top + height + 8, 16, 10, Colours.MISSING, null);
        canvas.text(x + 22, top + height + 17, "no data", "start", 10, "#000000", null);
    }
}
