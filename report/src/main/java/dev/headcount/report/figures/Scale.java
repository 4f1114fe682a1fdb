package dev.headcount.report.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A linear map from a data interval onto a pixel interval, with "nice" ticks (1, 2, 5 × 10^k). */
final class Scale {
    final double min;
    final double max;
    private final double from;
    private final double to;

    private Scale(double min, double max, double from, double to) {
        this.min = min;
        this.max = max;
        this.from = from;
        this.to = to;
    }

    /** Widens a degenerate or non-finite domain so that the scale is always usable. */
    static Scale of(double min, double max, double from, double to) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            min = 0;
            max = 1;
        }
        if (max - min < 1e-12) {
            double pad = Math.abs(max) > 1e-12 ? Math.abs(max) * 0.05 : 0.5;
            min -= pad;
            max += pad;
        }
        return new Scale(min, max, from, to);
    }

    /** The domain extended outwards to whole tick steps. */
    Scale nice(int ticks) {
        double step = step(ticks);
        return new Scale(Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step, from, to);
    }

    double apply(double value) {
        return from + (value - min) / (max - min) * (to - from);
    }

    double step(int ticks) {
        double raw = (max - min) / Math.max(1, ticks);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    List<Double> ticks(int ticks) {
        double step = step(ticks);
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    /** A tick label with as many decimals as the step needs. */
    String label(double value, int ticks) {
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step(ticks)) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
