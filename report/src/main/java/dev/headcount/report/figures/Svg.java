package dev.headcount.report.figures;

import java.util.List;
import java.util.Locale;

/**
 * A tiny SVG writer: a standalone document (white background, generic {@code sans-serif}) built as a string.
 * Every text goes through {@link #escape}; coordinates are written with one decimal in {@link Locale#ROOT}.
 * Shapes that tests and readers count carry a {@code class}: {@code cell}, {@code bar}, {@code curve},
 * {@code band}, {@code legend}, {@code point}.
 */
final class Svg implements Canvas {
    static final String FONT = "sans-serif";

    private final StringBuilder out = new StringBuilder();
    private final int width;
    private final int height;

    Svg(int width, int height) {
        this.width = width;
        this.height = height;
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"%s\" font-size=\"12\">%n", width, height, width, height, FONT));
        out.append(String.format(Locale.ROOT, "<rect class=\"background\" width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                width, height));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void title(String text) {
        text(width / 2.0, 22, text, "middle", 15, "#000000", null, "font-weight=\"bold\"");
    }

    @Override
    public void rect(String cssClass, double x, double y, double w, double h, String fill, String tooltip) {
        out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "fill=\"%s\"", cssClass, x, y, Math.max(0, w), Math.max(0, h), fill));
        close("rect", tooltip);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"/>%n", x1, y1, x2, y2, stroke, strokeWidth));
    }

    @Override
    public void text(double x, double y, String text, String anchor, int size, String fill, String cssClass) {
        text(x, y, text, anchor, size, fill, cssClass, null);
    }

    @Override
    public void rotatedText(double x, double y, String text, String anchor, double degrees) {
        text(x, y, text, anchor, 12, "#000000", null,
                String.format(Locale.ROOT, "transform=\"rotate(%.1f %.1f %.1f)\"", degrees, x, y));
    }

    private void text(double x, double y, String text, String anchor, int size, String fill, String cssClass,
                      String extra) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "fill=\"%s\"", x, y, anchor, size, fill));
        if (cssClass != null) {
            out.append(" class=\"").append(cssClass).append('"');
        }
        if (extra != null) {
            out.append(' ').append(extra);
        }
        out.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public void polyline(String cssClass, List<double[]> points, String stroke, double strokeWidth, String dash,
                         String tooltip) {
        out.append("<polyline class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(stroke)
                .append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\"", strokeWidth));
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append(" points=\"").append(points(points)).append('"');
        close("polyline", tooltip);
    }

    @Override
    public void polygon(String cssClass, List<double[]> points, String fill, double opacity, String tooltip) {
        out.append("<polygon class=\"").append(cssClass).append("\" fill=\"").append(fill)
                .append(String.format(Locale.ROOT, "\" fill-opacity=\"%.2f\" stroke=\"none\"", opacity))
                .append(" points=\"").append(points(points)).append('"');
        close("polygon", tooltip);
    }

    @Override
    public void circle(String cssClass, double x, double y, double r, String fill) {
        out.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n",
                cssClass, x, y, r, fill));
    }

    String end() {
        return out + "</svg>\n";
    }

    /** Ends an open element: empty, or with a {@code <title>} child (the tooltip). */
    private void close(String element, String tooltip) {
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></").append(element).append(">\n");
        }
    }

    private static String points(List<double[]> points) {
        StringBuilder s = new StringBuilder();
        for (double[] p : points) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(String.format(Locale.ROOT, "%.1f,%.1f", p[0], p[1]));
        }
        return s.toString();
    }

    /** Escapes text for XML element content and attribute values; drops characters XML 1.0 cannot hold. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000) {
                        s.appendCodePoint(c);
                    }
                }
            }
        });
        return s.toString();
    }
}
