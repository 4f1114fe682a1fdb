package dev.headcount.metrics.prunability;

import dev.headcount.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The random-ranking baseline: curves of several seeds on the same fractions, averaged per fraction
 * with their spread. Prunability of the baseline is that of {@link #meanCurve()}; the spread says how
 * far one seed could stray from it.
 */
public record SeedAveragedCurve(Metric metric, int seeds, List<SpreadPoint> points) {

    public SeedAveragedCurve {
        points = List.copyOf(points);
    }

    public static SeedAveragedCurve of(List<PruningCurve> curvesBySeed) {
        if (curvesBySeed.isEmpty()) {
            throw new IllegalArgumentException("no curves to average");
        }
        PruningCurve first = curvesBySeed.get(0);
        double[] fractions = first.fractions();
        for (PruningCurve curve : curvesBySeed) {
            if (curve.metric() != first.metric() || !Arrays.equals(curve.fractions(), fractions)) {
                throw new IllegalArgumentException("seeds must share metric and fractions: " + first.metric().id()
                        + " at " + Arrays.toString(fractions) + " vs " + curve.metric().id() + " at "
                        + Arrays.toString(curve.fractions()));
            }
        }
        List<SpreadPoint> points = new ArrayList<>(fractions.length);
        for (int i = 0; i < fractions.length; i++) {
            int index = i;
            double[] values = curvesBySeed.stream().mapToDouble(curve -> curve.points().get(index).value()).toArray();
            points.add(spreadAt(fractions[i], values));
        }
        return new SeedAveragedCurve(first.metric(), curvesBySeed.size(), points);
    }

    public PruningCurve meanCurve() {
        return new PruningCurve(metric,
                points.stream().map(point -> new CurvePoint(point.fractionPruned(), point.mean())).toList());
    }

    private static SpreadPoint spreadAt(double fraction, double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        double squares = Arrays.stream(values).map(value -> (value - mean) * (value - mean)).sum();
        double standardDeviation = values.length < 2 ? Double.NaN : Math.sqrt(squares / (values.length - 1));
        return new SpreadPoint(fraction, mean, standardDeviation,
                Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow());
    }
}
