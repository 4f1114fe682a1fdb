package dev.headcount.report.figures;

import java.util.List;
import java.util.Locale;

/**
 * A tiny SVG writer: a standalone document (white background, generic {@code sans-serif}) built as a string.
 * Every text goes through {@link #escape}; coordinates are written with one decimal in {@link Locale#ROOT}.
 * Shapes that tests and readers count carry a {@code class}: {@code cell}, {@code bar}, {@code curve},
 * {@code band}, {@code legend}.
 */
final class Svg {
    static final String FONT = "sans-serif";
    static final String MISSING = "#e0e0e0";

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

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    Svg title(String text) {
        return text(width / 2.0, 22, text, "middle", 15, "#000000", "font-weight=\"bold\"");
    }

    Svg rect(String cssClass, double x, double y, double w, double h, String fill, String tooltip) {
        out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "fill=\"%s\"", cssClass, x, y, Math.max(0, w), Math.max(0, h), fill));
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        }
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"/>%n", x1, y1, x2, y2, stroke, strokeWidth));
        return this;
    }

    Svg text(double x, double y, String text, String anchor, int size, String fill, String extra) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "fill=\"%s\"%s>", x, y, anchor, size, fill, extra == null ? "" : " " + extra));
        out.append(escape(text)).append("</text>\n");
        return this;
    }

    Svg text(double x, double y, String text, String anchor) {
        return text(x, y, text, anchor, 12, "#000000", null);
    }

    /** Text rotated by {@code degrees} about its anchor point. */
    Svg rotatedText(double x, double y, String text, String anchor, double degrees) {
        return text(x, y, text, anchor, 12, "#000000",
                String.format(Locale.ROOT, "transform=\"rotate(%.1f %.1f %.1f)\"", degrees, x, y));
    }

    Svg polyline(String cssClass, List<double[]> points, String stroke, double strokeWidth, String dash,
                 String tooltip) {
        out.append("<polyline class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(stroke)
                .append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\"", strokeWidth));
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append(" points=\"").append(points(points)).append('"');
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></polyline>\n");
        }
        return this;
    }

    Svg polygon(String cssClass, List<double[]> points, String fill, double opacity, String tooltip) {
        out.append("<polygon class=\"").append(cssClass).append("\" fill=\"").append(fill)
                .append(String.format(Locale.ROOT, "\" fill-opacity=\"%.2f\" stroke=\"none\"", opacity))
                .append(" points=\"").append(points(points)).append('"');
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></polygon>\n");
        }
        return this;
    }

    Svg circle(double x, double y, double r, String fill) {
        out.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n",
                x, y, r, fill));
        return this;
    }

    /** A centred grey "no data" note. */
    Svg noData(double x, double y) {
        return text(x, y, "no data", "middle", 14, "#777777", "class=\"no-data\"");
    }

    String end() {
        return out + "</svg>\n";
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

    /** Finite numbers as they are; {@code null} and NaN/infinite as {@code null}. */
    static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }

    static String format(Double value, String format) {
        Double v = finite(value);
        return v == null ? "no data" : String.format(Locale.ROOT, format, v);
    }
}
