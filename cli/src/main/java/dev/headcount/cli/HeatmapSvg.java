package dev.headcount.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A layers × heads heatmap as a standalone SVG (white = 0, dark blue = 1), with axes and a legend. */
final class HeatmapSvg {

    private static final int CELL = 28;
    private static final int LEFT = 70;
    private static final int TOP = 50;

    private HeatmapSvg() {
    }

    static void write(double[][] values, String title, Path file) throws IOException {
        int layers = values.length;
        int heads = values[0].length;
        int width = LEFT + heads * CELL + 90;
        int height = TOP + layers * CELL + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                + " font-family='sans-serif' font-size='12'>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<rect width='%d' height='%d' fill='white'/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14'>%s</text>%n", LEFT, escape(title)));
        for (int h = 0; h < heads; h++) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%d</text>%n",
                    LEFT + h * CELL + CELL / 2, TOP - 6, h));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>head</text>%n",
                LEFT + heads * CELL / 2, TOP - 22));
        for (int l = 0; l < layers; l++) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>layer %d</text>%n",
                    LEFT - 6, TOP + l * CELL + CELL / 2 + 4, l));
            for (int h = 0; h < heads; h++) {
                svg.append(String.format(Locale.ROOT,
                        "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'><title>layer %d head %d: %.3f</title></rect>%n",
                        LEFT + h * CELL, TOP + l * CELL, CELL - 1, CELL - 1, colour(values[l][h]), l, h, values[l][h]));
            }
        }
        int legendX = LEFT + heads * CELL + 20;
        for (int i = 0; i <= 10; i++) {
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='16' height='%d' fill='%s'/>%n",
                    legendX, TOP + (10 - i) * layers * CELL / 11, layers * CELL / 11 + 1, colour(i / 10.0)));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>1</text><text x='%d' y='%d'>0</text>%n",
                legendX + 20, TOP + 10, legendX + 20, TOP + layers * CELL));
        svg.append("</svg>\n");
        Files.writeString(file, svg);
    }

    /** White to dark blue, linear in the value clipped to [0, 1]. */
    static String colour(double v) {
        double t = Math.max(0, Math.min(1, v));
        int r = (int) Math.round(255 - t * (255 - 8));
        int g = (int) Math.round(255 - t * (255 - 48));
        int b = (int) Math.round(255 - t * (255 - 107));
        return String.format("#%02x%02x%02x", r, g, b);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
