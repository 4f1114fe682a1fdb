package dev.headcount.report.figures;

import java.util.List;

/**
 * What the figures draw on: the primitives of a small SVG subset, so that a figure is drawn once and comes out
 * the same as SVG ({@link Svg}) and PNG ({@link PngCanvas}). Coordinates are pixels from the top left;
 * colours are {@code #rrggbb}; a text's {@code y} is its baseline and {@code anchor} is {@code start},
 * {@code middle} or {@code end}. Classes and tooltips only exist in SVG (tests and readers use them).
 */
public interface Canvas {
    int width();

    int height();

    /** The bold figure title, centred at the top. */
    void title(String text);

    void rect(String cssClass, double x, double y, double w, double h, String fill, String tooltip);

    void line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth);

    /** @param cssClass {@code null} for none */
    void text(double x, double y, String text, String anchor, int size, String fill, String cssClass);

    /** 12 px black text rotated by {@code degrees} (clockwise) about its anchor point. */
    void rotatedText(double x, double y, String text, String anchor, double degrees);

    /** @param dash SVG dash array (lengths separated by spaces), {@code null} for a solid line */
    void polyline(String cssClass, List<double[]> points, String stroke, double strokeWidth, String dash,
                  String tooltip);

    /** A filled, unstroked polygon. */
    void polygon(String cssClass, List<double[]> points, String fill, double opacity, String tooltip);

    void circle(String cssClass, double x, double y, double r, String fill);

    default void text(double x, double y, String text, String anchor) {
        text(x, y, text, anchor, 12, "#000000", null);
    }

    /** A centred grey "no data" note. */
    default void noData(double x, double y) {
        text(x, y, "no data", "middle", 14, "#777777", "no-data");
    }
}
