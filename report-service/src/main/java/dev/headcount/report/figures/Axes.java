package dev.headcount.report.figures;

/** Draws a plot frame: the y axis with ticks, grid lines and labels, the x axis line, and both axis titles. */
final class Axes {
    static final int Y_TICKS = 5;

    private Axes() {
    }

    /**
     * @param x the plot's left edge; the y scale maps onto [bottom, top]
     */
    static void y(Svg svg, Scale y, double x, double right, String title) {
        for (double tick : y.ticks(Y_TICKS)) {
            double py = y.apply(tick);
            svg.line(x, py, right, py, "#e6e6e6", 1);
            svg.line(x - 4, py, x, py, "#000000", 1);
            svg.text(x - 6, py + 4, y.label(tick, Y_TICKS), "end");
        }
        double top = y.apply(y.max);
        double bottom = y.apply(y.min);
        svg.line(x, top, x, bottom, "#000000", 1);
        svg.rotatedText(x - 60, (top + bottom) / 2, title, "middle", -90);
    }

    /** The x axis line at {@code y}, and its title centred below. */
    static void x(Svg svg, double left, double right, double y, String title) {
        svg.line(left, y, right, y, "#000000", 1);
        svg.text((left + right) / 2, y + 36, title, "middle");
    }

    /** A legend of coloured swatches, one entry per line, starting at (x, y). */
    static void legend(Svg svg, double x, double y, String[] labels, String[] colours, boolean lines) {
        for (int i = 0; i < labels.length; i++) {
            double ly = y + i * 18;
            if (lines) {
                svg.line(x, ly - 4, x + 18, ly - 4, colours[i], 2.5);
            } else {
                svg.rect("legend", x, ly - 10, 12, 12, colours[i], null);
            }
            svg.text(x + 24, ly, labels[i], "start");
        }
    }
}
