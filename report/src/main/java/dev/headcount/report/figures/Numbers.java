package dev.headcount.report.figures;

import java.util.Locale;

/** How figures treat missing numbers: {@code null}, NaN and infinities are all "no data". */
final class Numbers {
    private Numbers() {
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
