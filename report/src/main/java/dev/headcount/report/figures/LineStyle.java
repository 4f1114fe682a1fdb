package dev.headcount.report.figures;

/**
 * How one curve is drawn.
 *
 * @param dash       SVG dash array, {@code null} for solid
 * @param markerSize the marker's half width
 */
record LineStyle(String colour, double width, String dash, Marker marker, double markerSize) {
}
