package dev.headcount.report.figures;

import java.util.List;

/**
 * Grouped vertical bars: one group per category along x, one bar per series in each group, coloured by
 * series, with a y axis, a legend and "no data" for a chart without a single finite value. Missing values
 * leave their slot empty.
 */
final class BarChart {
    private static final int LEFT = 80;
    private static final int TOP = 50;
    private static final int PLOT_H = 280;
    private static final int LEGEND_W = 290; // the longest legend, "pruned by pre-training → fine-tuned", fits

    private BarChart() {
    }

    /**
     * @param values [category][series], {@code null} or NaN where missing
     */
    static Drawing draw(String title, String yTitle, String xTitle, List<String> categories, List<String> series,
                        List<String> colours, Double[][] values) {
        int groupWidth = Math.max(40, series.size() * 18 + 16);
        int plotW = Math.max(300, categories.size() * groupWidth);
        return new Drawing(LEFT + plotW + LEGEND_W, TOP + PLOT_H + 60,
                canvas -> paint(canvas, plotW, title, yTitle, xTitle, categories, series, colours, values));
    }

    private static void paint(Canvas canvas, int plotW, String title, String yTitle, String xTitle,
                              List<String> categories, List<String> series, List<String> colours, Double[][] values) {
        canvas.title(title);
        double bottom = TOP + PLOT_H;
        double lo = 0;
        double hi = Double.NEGATIVE_INFINITY;
        for (Double[] row : values) {
            for (Double v : row) {
                if (Numbers.finite(v) != null) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Axes.x(canvas, LEFT, LEFT + plotW, bottom, xTitle);
        if (hi == Double.NEGATIVE_INFINITY) {
            canvas.noData(LEFT + plotW / 2.0, TOP + PLOT_H / 2.0);
            return;
        }
        Scale y = Scale.of(lo, Math.max(hi, lo), bottom, TOP).nice(Axes.Y_TICKS);
        Axes.y(canvas, y, LEFT, LEFT + plotW, yTitle);
        double slot = plotW / (double) Math.max(1, categories.size());
        double barWidth = Math.min(24, (slot - 12) / Math.max(1, series.size()));
        double zero = y.apply(Math.max(y.min, Math.min(0, y.max)));
        for (int c = 0; c < categories.size(); c++) {
            double groupLeft = LEFT + c * slot + (slot - barWidth * series.size()) / 2;
            canvas.text(LEFT + c * slot + slot / 2, bottom + 17, categories.get(c), "middle");
            for (int s = 0; s < series.size(); s++) {
                Double v = s < values[c].length ? Numbers.finite(values[c][s]) : null;
                if (v == null) {
                    continue;
                }
                double py = y.apply(v);
                canvas.rect("bar", groupLeft + s * barWidth, Math.min(py, zero), barWidth - 1, Math.abs(zero - py),
                        colours.get(s), categories.get(c) + ", " + series.get(s) + ": " + Numbers.format(v, "%.4f"));
            }
        }
        Axes.legend(canvas, LEFT + plotW + 16, TOP + 10, series, colours);
    }
}
