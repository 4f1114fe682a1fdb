package dev.headcount.report.figures;

import java.util.Locale;

/** The figures' colour scales: sequential (importance), diverging (correlations) and categorical (series). */
public final class Colours {
    /** Sequential scale ends: 0 → white, 1 → dark blue. */
    public static final String SEQUENTIAL_LOW = "#ffffff";
    public static final String SEQUENTIAL_HIGH = "#08306b";
    /** Diverging scale: −1 → blue, 0 → light grey, +1 → red. */
    public static final String DIVERGING_LOW = "#2166ac";
    public static final String DIVERGING_MID = "#f7f7f7";
    public static final String DIVERGING_HIGH = "#b2182b";
    /** Cells and bars without a value. */
    public static final String MISSING = "#e0e0e0";
    /** Categorical palette (Tableau 10), cycled. */
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private Colours() {
    }

    /** {@code t} clipped to [0, 1], white to dark blue; {@link #MISSING} for NaN. */
    public static String sequential(double t) {
        if (Double.isNaN(t)) {
            return MISSING;
        }
        return mix(SEQUENTIAL_LOW, SEQUENTIAL_HIGH, clip(t));
    }

    /** {@code v} clipped to [−1, 1], blue through grey to red; {@link #MISSING} for NaN. */
    public static String diverging(double v) {
        if (Double.isNaN(v)) {
            return MISSING;
        }
        double c = Math.max(-1, Math.min(1, v));
        return c < 0 ? mix(DIVERGING_MID, DIVERGING_LOW, -c) : mix(DIVERGING_MID, DIVERGING_HIGH, c);
    }

    public static String categorical(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** Black or white, whichever reads better on {@code background} (by its luminance). */
    static String textOn(String background) {
        int[] c = rgb(background);
        double luminance = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
        return luminance < 140 ? "#ffffff" : "#000000";
    }

    private static double clip(double t) {
        return Math.max(0, Math.min(1, t));
    }

    private static String mix(String from, String to, double t) {
        int[] a = rgb(from);
        int[] b = rgb(to);
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(a[0] + t * (b[0] - a[0])),
                Math.round(a[1] + t * (b[1] - a[1])), Math.round(a[2] + t * (b[2] - a[2])));
    }

    private static int[] rgb(String hex) {
        return new int[]{Integer.parseInt(hex.substring(1, 3), 16), Integer.parseInt(hex.substring(3, 5), 16),
                Integer.parseInt(hex.substring(5, 7), 16)};
    }
}
