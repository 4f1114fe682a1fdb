package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.RandomSeries;
import dev.headcount.report.report.ExperimentReport.Series;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One evaluated task's metric against the fraction of heads pruned: a polyline per task ranking (its own task
 * thick red, the pre-training task blue, other tasks from the palette) and the random rankings' mean (grey)
 * over a shaded band from the seeds' minimum to maximum. Missing points are skipped. Where the evaluations carry
 * per-example predictions, every point has its 95 % bootstrap interval over dev examples: a light band around
 * the own task's curve and error bars (in the curve's colour, nudged sideways so that they do not cover each
 * other) on the other curves and on the random mean.
 *
 * <p>Rankings often give identical curves (two tasks ranking the heads the same way), so every curve has its
 * own dash pattern and marker shape, the thick own-task line is drawn first (underneath) and the thinner
 * dashed ones over it, and the legend says which curves equal another ("= pre-training").
 */
public final class PruningCurveFigure {
    static final int LEFT = 80;
    static final int TOP = 50;
    static final int PLOT_W = 460;
    static final int PLOT_H = 300;
    private static final int MIN_LEGEND_W = 210;
    static final String OWN = "#d62728";
    static final String PRETRAINING = "#1f77b4";
    static final String RANDOM = "#7f7f7f";
    static final LineStyle OWN_STYLE = new LineStyle(OWN, 3.5, null, Marker.CIRCLE, 4.5);
    static final LineStyle PRETRAINING_STYLE = new LineStyle(PRETRAINING, 2, "9 4", Marker.SQUARE, 3.5);
    static final LineStyle RANDOM_STYLE = new LineStyle(RANDOM, 2, "6 4", Marker.CROSS, 3.5);
    private static final String[] OTHER_DASHES = {"3 3", "9 3 2 3", "2 2", "12 3 3 3 3 3"};
    private static final Marker[] OTHER_MARKERS = {Marker.TRIANGLE, Marker.DIAMOND, Marker.TRIANGLE_DOWN};

    private PruningCurveFigure() {
    }

    /** A curve to draw: its legend label, style, values at the table's fractions (with intervals), and tooltip. */
    record Curve(String label, LineStyle style, List<Double> values, String tooltip, boolean random,
                 List<Double> ciLow, List<Double> ciHigh) {
        Curve(String label, LineStyle style, List<Double> values, String tooltip, boolean random) {
            this(label, style, values, tooltip, random, null, null);
        }

        boolean hasIntervals() {
            return ciLow != null && ciHigh != null;
        }
    }

    public static Drawing draw(CurveTable table, String pretrainingTask) {
        List<Curve> curves = curves(table, pretrainingTask);
        int longest = curves.stream().mapToInt(c -> c.label().length()).max().orElse(0);
        int legendW = Math.max(MIN_LEGEND_W, 60 + 7 * longest);
        return new Drawing(LEFT + PLOT_W + legendW, TOP + PLOT_H + 60, canvas -> paint(canvas, table, curves));
    }

    /** The task rankings' curves, own task first (it is drawn underneath), then the random mean if any. */
    static List<Curve> curves(CurveTable table, String pretrainingTask) {
        List<Curve> own = new ArrayList<>();
        List<Curve> others = new ArrayList<>();
        List<String> shortNames = table.rankings().stream().map(s -> {
            String task = taskOf(s);
            return task.equals(table.evaluatedTask()) ? "own task"
                    : task.equals(pretrainingTask) ? "pre-training" : task;
        }).toList();
        int other = 0;
        int palette = 2;
        for (int i = 0; i < table.rankings().size(); i++) {
            Series s = table.rankings().get(i);
            String task = taskOf(s);
            String equals = equalCurves(table.rankings(), shortNames, i);
            if (task.equals(table.evaluatedTask())) {
                own.add(new Curve("own task (" + task + ")" + equals, OWN_STYLE, s.values(), s.ranking(), false,
                        s.ciLow(), s.ciHigh()));
            } else if (task.equals(pretrainingTask)) {
                others.add(new Curve("pre-training (" + task + ")" + equals, PRETRAINING_STYLE, s.values(),
                        s.ranking(), false, s.ciLow(), s.ciHigh()));
            } else {
                String colour = Colours.categorical(palette++);
                if (colour.equals(OWN) || colour.equals(RANDOM)) {
                    colour = Colours.categorical(palette++);
                }
                LineStyle style = new LineStyle(colour, 2, OTHER_DASHES[other % OTHER_DASHES.length],
                        OTHER_MARKERS[other % OTHER_MARKERS.length], 4);
                other++;
                others.add(new Curve("other task (" + task + ")" + equals, style, s.values(), s.ranking(), false,
                        s.ciLow(), s.ciHigh()));
            }
        }
        List<Curve> curves = new ArrayList<>(own);
        curves.addAll(others);
        RandomSeries random = table.random();
        if (random != null) {
            curves.add(new Curve("random, mean of " + random.seeds(), RANDOM_STYLE, random.mean(),
                    "random (mean of " + random.seeds() + " seeds)", true, random.ciLow(), random.ciHigh()));
        }
        return curves;
    }

    private static String taskOf(Series series) {
        return series.ranking().startsWith("task:") ? series.ranking().substring(5) : series.ranking();
    }

    /** " = a, b" naming the other rankings whose curve has the same values as ranking {@code i}; "" if none. */
    private static String equalCurves(List<Series> rankings, List<String> shortNames, int i) {
        List<String> same = new ArrayList<>();
        for (int j = 0; j < rankings.size(); j++) {
            if (j != i && sameValues(rankings.get(i).values(), rankings.get(j).values())) {
                same.add(shortNames.get(j));
            }
        }
        return same.isEmpty() ? "" : " = " + String.join(", ", same);
    }

    /** Equal where both are known, unknown at the same fractions, and at least one known value. */
    static boolean sameValues(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            return false;
        }
        boolean any = false;
        for (int i = 0; i < a.size(); i++) {
            Double x = Numbers.finite(a.get(i));
            Double y = Numbers.finite(b.get(i));
            if (x == null || y == null) {
                if (x != y) {
                    return false;
                }
                continue;
            }
            if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static void paint(Canvas canvas, CurveTable table, List<Curve> curves) {
        String metric = table.metric() == null ? "metric" : table.metric() + (table.higherIsBetter() == null ? ""
                : table.higherIsBetter() ? " (higher is better)" : " (lower is better)");
        canvas.title("Pruning curves — " + table.evaluatedTask() + " on " + table.baseVariant());
        List<Double> fractions = table.fractions();
        RandomSeries random = table.random();
        double[] range = range(curves, random);
        double xMax = fractions.stream().filter(f -> f != null && Double.isFinite(f)).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        Scale x = Scale.of(0, xMax > 0 ? xMax : 1, LEFT, LEFT + PLOT_W);
        double bottom = TOP + PLOT_H;
        if (range[0] > range[1]) {
            Axes.x(canvas, LEFT, LEFT + PLOT_W, bottom, "fraction of heads pruned");
            canvas.noData(LEFT + PLOT_W / 2.0, TOP + PLOT_H / 2.0);
            return;
        }
        Scale y = Scale.of(range[0], range[1], bottom, TOP).nice(Axes.Y_TICKS);
        Axes.y(canvas, y, LEFT, LEFT + PLOT_W, metric);
        for (double tick : x.ticks(5)) {
            double px = x.apply(tick);
            canvas.line(px, bottom, px, bottom + 4, "#000000", 1);
            canvas.text(px, bottom + 17, String.format(Locale.ROOT, "%.0f %%", tick * 100), "middle");
        }
        Axes.x(canvas, LEFT, LEFT + PLOT_W, bottom, "fraction of heads pruned");

        if (random != null) {
            band(canvas, x, y, fractions, random);
        }
        for (int i = 0; i < curves.size(); i++) {
            Curve curve = curves.get(i);
            if (!curve.hasIntervals()) {
                continue;
            }
            if (i == 0 && curve.style() == OWN_STYLE) {
                intervalBand(canvas, x, y, fractions, curve);
            } else {
                errorBars(canvas, x, y, fractions, curve, 3.0 * (i % 2 == 0 ? i / 2 : -(i + 1) / 2));
            }
        }
        List<List<double[]>> points = new ArrayList<>();
        for (Curve curve : curves) {
            List<double[]> p = points(x, y, fractions, curve.values());
            points.add(p);
            if (!p.isEmpty()) {
                LineStyle style = curve.style();
                canvas.polyline(curve.random() ? "curve random" : "curve", p, style.colour(), style.width(), style.dash(),
                        curve.tooltip());
            }
        }
        // markers over all lines, in the same order: the own task's large circles underneath the others
        for (int i = 0; i < curves.size(); i++) {
            LineStyle style = curves.get(i).style();
            points.get(i).forEach(p -> style.marker().draw(canvas, p[0], p[1], style.markerSize(), style.colour()));
        }
        legend(canvas, curves, points, random);
    }

    private static void legend(Canvas canvas, List<Curve> curves, List<List<double[]>> points, RandomSeries random) {
        List<String> labels = new ArrayList<>();
        List<LineStyle> styles = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            labels.add(curves.get(i).label() + (points.get(i).isEmpty() ? " (no data)" : ""));
            styles.add(curves.get(i).style());
        }
        double x = LEFT + PLOT_W + 16;
        Axes.lineLegend(canvas, x, TOP + 10, labels, styles);
        double ly = TOP + 10 + labels.size() * Axes.LEGEND_LINE_HEIGHT;
        if (random != null) {
            canvas.rect("legend", x, ly - 10, 28, 12, RANDOM, null);
            canvas.text(x + 34, ly, "random, min–max", "start");
            ly += Axes.LEGEND_LINE_HEIGHT;
        }
        if (curves.stream().anyMatch(Curve::hasIntervals)) {
            canvas.line(x + 14, ly - 11, x + 14, ly + 1, "#000000", 1);
            canvas.line(x + 10, ly - 11, x + 18, ly - 11, "#000000", 1);
            canvas.line(x + 10, ly + 1, x + 18, ly + 1, "#000000", 1);
            canvas.text(x + 34, ly, "95 % interval (dev examples)", "start");
        }
    }

    /** The light band of a curve's interval (the own task's: the curve the findings are about). */
    private static void intervalBand(Canvas canvas, Scale x, Scale y, List<Double> fractions, Curve curve) {
        shade(canvas, x, y, fractions, curve.ciLow(), curve.ciHigh(), "band interval", curve.style().colour(), 0.15,
                curve.tooltip() + ": 95 % interval over dev examples");
    }

    /** Vertical bars with caps from each point's interval low to high, shifted {@code dx} pixels sideways. */
    private static void errorBars(Canvas canvas, Scale x, Scale y, List<Double> fractions, Curve curve, double dx) {
        String colour = curve.style().colour();
        for (int i = 0; i < fractions.size(); i++) {
            Double f = Numbers.finite(fractions.get(i));
            Double low = i < curve.ciLow().size() ? Numbers.finite(curve.ciLow().get(i)) : null;
            Double high = i < curve.ciHigh().size() ? Numbers.finite(curve.ciHigh().get(i)) : null;
            if (f == null || low == null || high == null) {
                continue;
            }
            double px = x.apply(f) + dx;
            canvas.line(px, y.apply(low), px, y.apply(high), colour, 1);
            canvas.line(px - 3, y.apply(low), px + 3, y.apply(low), colour, 1);
            canvas.line(px - 3, y.apply(high), px + 3, y.apply(high), colour, 1);
        }
    }

    /** [lowest, highest] finite value over the curves and the random band; lowest > highest if none. */
    private static double[] range(List<Curve> curves, RandomSeries random) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<List<Double>> all = new ArrayList<>();
        curves.forEach(c -> {
            all.add(c.values());
            all.add(orEmpty(c.ciLow()));
            all.add(orEmpty(c.ciHigh()));
        });
        if (random != null) {
            all.add(orEmpty(random.min()));
            all.add(orEmpty(random.max()));
        }
        for (List<Double> values : all) {
            for (Double v : values) {
                if (Numbers.finite(v) != null) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[]{lo, hi};
    }

    /** The shaded area between the seeds' minimum and maximum, over the fractions where both are known. */
    private static void band(Canvas canvas, Scale x, Scale y, List<Double> fractions, RandomSeries random) {
        if (random.min() == null || random.max() == null) {
            return;
        }
        shade(canvas, x, y, fractions, random.min(), random.max(), "band", RANDOM, 0.2,
                "random rankings, min–max over " + random.seeds() + " seeds");
    }

    /** A polygon from {@code high} along the fractions and back along {@code low}, where all three are finite. */
    private static void shade(Canvas canvas, Scale x, Scale y, List<Double> fractions, List<Double> low,
                              List<Double> high, String cssClass, String colour, double opacity, String tooltip) {
        List<double[]> upper = new ArrayList<>();
        List<double[]> lower = new ArrayList<>();
        for (int i = 0; i < fractions.size(); i++) {
            Double f = Numbers.finite(fractions.get(i));
            Double lo = i < low.size() ? Numbers.finite(low.get(i)) : null;
            Double hi = i < high.size() ? Numbers.finite(high.get(i)) : null;
            if (f != null && lo != null && hi != null) {
                upper.add(new double[]{x.apply(f), y.apply(hi)});
                lower.add(0, new double[]{x.apply(f), y.apply(lo)});
            }
        }
        if (upper.size() >= 2) {
            List<double[]> polygon = new ArrayList<>(upper);
            polygon.addAll(lower);
            canvas.polygon(cssClass, polygon, colour, opacity, tooltip);
        }
    }

    private static List<double[]> points(Scale x, Scale y, List<Double> fractions, List<Double> values) {
        List<double[]> points = new ArrayList<>();
        if (values == null) {
            return points;
        }
        for (int i = 0; i < fractions.size() && i < values.size(); i++) {
            Double f = Numbers.finite(fractions.get(i));
            Double v = Numbers.finite(values.get(i));
            if (f != null && v != null) {
                points.add(new double[]{x.apply(f), y.apply(v)});
            }
        }
        return points;
    }

    private static List<Double> orEmpty(List<Double> values) {
        return values == null ? List.of() : values;
    }
}
