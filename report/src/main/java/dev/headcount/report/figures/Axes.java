package dev.headcount.report.figures;

import java.util.List;

/** Draws a plot frame: the y axis with ticks, grid lines and labels, the x axis line, and both axis titles. */
final class Axes {
    static final int Y_TICKS = 5;
    static final int LEGEND_LINE_HEIGHT = 18;

    private Axes() {
    }

    /**
     * @param x the plot's left edge; the y scale maps onto [bottom, top]
     */
    static void y(Canvas canvas, Scale y, double x, double right, String title) {
        for (double tick : y.ticks(Y_TICKS)) {
            double py = y.apply(tick);
            canvas.line(x, py, right, py, "#e6e6e6", 1);
            canvas.line(x - 4, py, x, py, "#000000", 1);
            canvas.text(x - 6, py + 4, y.label(tick, Y_TICKS), "end");
        }
        double top = y.apply(y.max);
        double bottom = y.apply(y.min);
        canvas.line(x, top, x, bottom, "#000000", 1);
        canvas.rotatedText(x - 60, (top + bottom) / 2, title, "middle", -90);
    }

    /** The x axis line at {@code y}, and its title centred below. */
    static void x(Canvas canvas, double left, double right, double y, String title) {
        canvas.line(left, y, right, y, "#000000", 1);
        canvas.text((left + right) / 2, y + 36, title, "middle");
    }

    /** A legend of coloured swatches, one entry per line, starting at (x, y). */
    static void legend(Canvas canvas, double x, double y, List<String> labels, List<String> colours) {
        for (int i = 0; i < labels.size(); i++) {
            double ly = y + i * LEGEND_LINE_HEIGHT;
            canvas.rect("legend", x, ly - 10, 12, 12, colours.get(i), null);
            canvas.text(x + 24, ly, labels.get(i), "start");
        }
    }

    /** A legend of line samples (colour, width, dashes and marker as drawn), one entry per line. */
    static void lineLegend(Canvas canvas, double x, double y, List<String> labels, List<LineStyle> styles) {
        for (int i = 0; i < labels.size(); i++) {
            double ly = y + i * LEGEND_LINE_HEIGHT - 4;
            LineStyle style = styles.get(i);
            canvas.polyline("legend", List.of(new double[]{x, ly}, new double[]{x + 28, ly}), style.colour(),
                    style.width(), style.dash(), null);
            style.marker().draw(canvas, x + 14, ly, style.markerSize(), style.colour());
            canvas.text(x + 34, ly + 4, labels.get(i), "start");
        }
    }
}
