package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.RandomSeries;
import dev.headcount.report.report.ExperimentReport.Series;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One evaluated task's metric against the fraction of heads pruned: a polyline per task ranking (its own task
 * thick red, the pre-training task blue, other tasks from the palette) and the random rankings' mean (grey,
 * dashed) over a shaded band from the seeds' minimum to maximum. Missing points are skipped.
 */
public final class PruningCurveFigure {
    private static final int LEFT = 80;
    private static final int TOP = 50;
    private static final int PLOT_W = 460;
    private static final int PLOT_H = 300;
    private static final int LEGEND_W = 210;
    static final String OWN = "#d62728";
    static final String PRETRAINING = "#1f77b4";
    static final String RANDOM = "#7f7f7f";

    private PruningCurveFigure() {
    }

    public static String render(CurveTable table, String pretrainingTask) {
        String metric = table.metric() == null ? "metric" : table.metric()
                + (table.higherIsBetter() == null ? "" : table.higherIsBetter() ? " (higher is better)" : " (lower is better)");
        String title = "Pruning curves — " + table.evaluatedTask() + " on " + table.baseVariant();
        Svg svg = new Svg(LEFT + PLOT_W + LEGEND_W, TOP + PLOT_H + 60);
        svg.title(title);
        List<Double> fractions = table.fractions();
        RandomSeries random = table.random();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : table.rankings()) {
            for (Double v : s.values()) {
                if (Svg.finite(v) != null) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (random != null) {
            for (List<Double> list : List.of(random.mean(), orEmpty(random.min()), orEmpty(random.max()))) {
                for (Double v : list) {
                    if (Svg.finite(v) != null) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        double xMax = fractions.stream().filter(f -> f != null && Double.isFinite(f)).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        Scale x = Scale.of(0, xMax > 0 ? xMax : 1, LEFT, LEFT + PLOT_W);
        double bottom = TOP + PLOT_H;
        if (lo > hi) {
            Axes.x(svg, LEFT, LEFT + PLOT_W, bottom, "fraction of heads pruned");
            svg.noData(LEFT + PLOT_W / 2.0, TOP + PLOT_H / 2.0);
            return svg.end();
        }
        Scale y = Scale.of(lo, hi, bottom, TOP).nice(Axes.Y_TICKS);
        Axes.y(svg, y, LEFT, LEFT + PLOT_W, metric);
        for (double tick : x.ticks(5)) {
            double px = x.apply(tick);
            svg.line(px, bottom, px, bottom + 4, "#000000", 1);
            svg.text(px, bottom + 17, String.format(Locale.ROOT, "%.0f %%", tick * 100), "middle");
        }
        Axes.x(svg, LEFT, LEFT + PLOT_W, bottom, "fraction of heads pruned");

        List<String> labels = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        if (random != null) {
            band(svg, x, y, fractions, random);
            List<double[]> points = points(x, y, fractions, random.mean());
            if (!points.isEmpty()) {
                svg.polyline("curve random", points, RANDOM, 2, "6 4",
                        "random (mean of " + random.seeds() + " seeds)");
                points.forEach(p -> svg.circle(p[0], p[1], 2.5, RANDOM));
            }
            labels.add("random, mean of " + random.seeds() + (points.isEmpty() ? " (no data)" : ""));
            colours.add(RANDOM);
        }
        int other = 2;
        for (Series s : table.rankings()) {
            String task = s.ranking().startsWith("task:") ? s.ranking().substring(5) : s.ranking();
            String colour;
            String label;
            double width = 2;
            if (task.equals(table.evaluatedTask())) {
                colour = OWN;
                label = "own task (" + task + ")";
                width = 3;
            } else if (task.equals(pretrainingTask)) {
                colour = PRETRAINING;
                label = "pre-training (" + task + ")";
            } else {
                colour = Colours.categorical(other++);
                if (colour.equals(OWN) || colour.equals(RANDOM)) {
                    colour = Colours.categorical(other++);
                }
                label = "other task (" + task + ")";
            }
            List<double[]> points = points(x, y, fractions, s.values());
            if (!points.isEmpty()) {
                svg.polyline("curve", points, colour, width, null, s.ranking());
                for (double[] p : points) {
                    svg.circle(p[0], p[1], 2.5, colour);
                }
            }
            labels.add(label + (points.isEmpty() ? " (no data)" : ""));
            colours.add(colour);
        }
        Axes.legend(svg, LEFT + PLOT_W + 16, TOP + 10, labels.toArray(String[]::new), colours.toArray(String[]::new),
                true);
        if (random != null) {
            double ly = TOP + 10 + labels.size() * 18;
            svg.rect("legend", LEFT + PLOT_W + 16, ly - 10, 18, 12, RANDOM, null);
            svg.text(LEFT + PLOT_W + 40, ly, "random, min–max", "start");
        }
        return svg.end();
    }

    /** The shaded area between the seeds' minimum and maximum, over the fractions where both are known. */
    private static void band(Svg svg, Scale x, Scale y, List<Double> fractions, RandomSeries random) {
        if (random.min() == null || random.max() == null) {
            return;
        }
        List<double[]> upper = new ArrayList<>();
        List<double[]> lower = new ArrayList<>();
        for (int i = 0; i < fractions.size(); i++) {
            Double f = Svg.finite(fractions.get(i));
            Double min = i < random.min().size() ? Svg.finite(random.min().get(i)) : null;
            Double max = i < random.max().size() ? Svg.finite(random.max().get(i)) : null;
            if (f != null && min != null && max != null) {
                upper.add(new double[]{x.apply(f), y.apply(max)});
                lower.add(0, new double[]{x.apply(f), y.apply(min)});
            }
        }
        if (upper.size() >= 2) {
            List<double[]> polygon = new ArrayList<>(upper);
            polygon.addAll(lower);
            svg.polygon("band", polygon, RANDOM, 0.2, "random rankings, min–max over " + random.seeds() + " seeds");
        }
    }

    private static List<double[]> points(Scale x, Scale y, List<Double> fractions, List<Double> values) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < fractions.size() && i < values.size(); i++) {
            Double f = Svg.finite(fractions.get(i));
            Double v = Svg.finite(values.get(i));
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
