package dev.headcount.report.figures;

import java.util.function.Consumer;

/**
 * A figure's size and the code that draws it on any {@link Canvas}: the SVG and the PNG come from the same
 * drawing code, so they always agree.
 */
public record Drawing(int width, int height, Consumer<Canvas> painter) {
    /** PNGs are drawn at twice the SVG's size, for sharp text and lines on high-density screens. */
    public static final int PNG_SCALE = 2;

    public String svg() {
        Svg svg = new Svg(width, height);
        painter.accept(svg);
        return svg.end();
    }

    /** PNG bytes, {@link #PNG_SCALE} times the SVG's width and height. */
    public byte[] png() {
        PngCanvas png = new PngCanvas(width, height, PNG_SCALE);
        try {
            painter.accept(png);
            return png.encode();
        } finally {
            png.dispose();
        }
    }
}
