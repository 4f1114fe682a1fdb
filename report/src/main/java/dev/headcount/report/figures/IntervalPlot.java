package dev.headcount.report.figures;

import java.util.List;
import java.util.Locale;

/**
 * Estimates with their 95 % intervals, one row each (a forest plot): a dot at the estimate, a bar from the
 * interval's low to high end, a dashed line at the value that means "no effect", and optionally a second mark
 * per row (the noise ceiling of a coherence ρ). A row whose interval crosses the no-effect line is drawn grey and
 * labelled "not resolved": the picture says what the summary says.
 */
public final class IntervalPlot {
    static final int LEFT = 260;
    static final int TOP = 50;
    static final int PLOT_W = 380;
    static final int ROW_H = 26;
    private static final String DECIDED = "#1f77b4";
    private static final String OPEN = "#7f7f7f";
    private static final String MARK = "#d62728";

    private IntervalPlot() {
    }

    /**
     * @param estimate {@code null} draws the row's label only ("no interval")
     * @param mark     a second value to mark (e.g. the ceiling), or {@code null}
     */
    public record Row(String label, Double estimate, Double low, Double high, Double mark) {
    }

    public static Drawing draw(String title, String axisTitle, String markLabel, double noEffect, List<Row> rows) {
        int height = TOP + Math.max(1, rows.size()) * ROW_H + 90;
        return new Drawing(LEFT + PLOT_W + 150, height, canvas -> paint(canvas, title, axisTitle, markLabel, noEffect,
                rows));
    }

    private static void paint(Canvas canvas, String title, String axisTitle, String markLabel, double noEffect,
                              List<Row> rows) {
        canvas.title(title);
        double lo = noEffect;
        double hi = noEffect;
        for (Row row : rows) {
            for (Double v : new Double[]{row.estimate(), row.low(), row.high(), row.mark()}) {
                if (Numbers.finite(v) != null) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Scale x = Scale.of(lo, hi, LEFT, LEFT + PLOT_W).nice(5);
        double bottom = TOP + Math.max(1, rows.size()) * ROW_H;
        for (double tick : x.ticks(5)) {
            double px = x.apply(tick);
            canvas.line(px, bottom, px, bottom + 4, "#000000", 1);
            canvas.text(px, bottom + 17, x.label(tick, 5), "middle");
        }
        Axes.x(canvas, LEFT, LEFT + PLOT_W, bottom, axisTitle);
        double zero = x.apply(noEffect);
        canvas.polyline("no-effect", List.of(new double[]{zero, TOP - 6}, new double[]{zero, bottom}), "#000000", 1,
                "4 3", "no effect");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            double cy = TOP + i * ROW_H + ROW_H / 2.0;
            canvas.text(LEFT - 10, cy + 4, row.label(), "end");
            Double estimate = Numbers.finite(row.estimate());
            Double low = Numbers.finite(row.low());
            Double high = Numbers.finite(row.high());
            if (estimate == null) {
                canvas.text(LEFT + 6, cy + 4, "not defined", "start");
                continue;
            }
            boolean resolved = low != null && high != null && (low > noEffect || high < noEffect);
            String colour = resolved ? DECIDED : OPEN;
            if (low != null && high != null) {
                canvas.line(x.apply(low), cy, x.apply(high), cy, colour, 2);
                canvas.line(x.apply(low), cy - 5, x.apply(low), cy + 5, colour, 2);
                canvas.line(x.apply(high), cy - 5, x.apply(high), cy + 5, colour, 2);
            }
            canvas.circle("estimate", x.apply(estimate), cy, 4.5, colour);
            Double mark = Numbers.finite(row.mark());
            if (mark != null) {
                Marker.DIAMOND.draw(canvas, x.apply(mark), cy, 4, MARK);
            }
            String verdict = low == null || high == null ? "no interval" : resolved ? "" : "not resolved";
            canvas.text(LEFT + PLOT_W + 10, cy + 4, String.format(Locale.ROOT, "%.3f %s", estimate, verdict).trim(),
                    "start");
        }
        double ly = bottom + 66; // below the axis title (Axes.x writes it 36 px under the axis)
        canvas.circle("legend", LEFT, ly - 4, 4.5, DECIDED);
        canvas.text(LEFT + 10, ly, "estimate, 95 % interval (grey: includes no effect)", "start");
        if (markLabel != null) {
            Marker.DIAMOND.draw(canvas, LEFT + 320, ly - 4, 4, MARK);
            canvas.text(LEFT + 330, ly, markLabel, "start");
        }
    }
}
