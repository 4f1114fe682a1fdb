package dev.headcount.cli;

/** A layers × heads map drawn in the terminal with shade characters (0 = blank, 1 = full block). */
final class Heatmap {

    private static final char[] SHADES = {' ', '░', '▒', '▓', '█'};

    private Heatmap() {
    }

    static String render(double[][] values) {
        StringBuilder sb = new StringBuilder("      head");
        for (int h = 0; h < values[0].length; h++) {
            sb.append(String.format("%3d", h));
        }
        sb.append('\n');
        for (int l = 0; l < values.length; l++) {
            sb.append(String.format("layer %2d  ", l));
            for (double v : values[l]) {
                int shade = (int) Math.round(Math.max(0, Math.min(1, v)) * (SHADES.length - 1));
                sb.append(' ').append(SHADES[shade]).append(SHADES[shade]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
