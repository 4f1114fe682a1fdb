package dev.headcount.metrics.prunability;

import dev.headcount.metrics.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * One ranking's pruning curve on one evaluated task: points by increasing fraction pruned, the
 * first at fraction 0 (the unpruned model), all in [0, 1], with finite metric values.
 */
public record PruningCurve(Metric metric, List<CurvePoint> points) {

    public PruningCurve {
        points = List.copyOf(points);
        if (points.isEmpty() || points.get(0).fractionPruned() != 0) {
            throw new IllegalArgumentException("a pruning curve starts at fraction 0 (the unpruned model), got " + points);
        }
        for (int i = 0; i < points.size(); i++) {
            CurvePoint point = points.get(i);
            if (point.fractionPruned() > 1 || (i > 0 && !(point.fractionPruned() > points.get(i - 1).fractionPruned()))) {
                throw new IllegalArgumentException("fractions must increase strictly within [0, 1]: " + points);
            }
            if (!Double.isFinite(point.value())) {
                throw new IllegalArgumentException(metric.id() + " at fraction " + point.fractionPruned()
                        + " is " + point.value());
            }
        }
    }

    /** @param fractions increasing, starting at 0; {@code values[i]} is the metric at {@code fractions[i]} */
    public static PruningCurve of(Metric metric, double[] fractions, double[] values) {
        if (fractions.length != values.length) {
            throw new IllegalArgumentException(fractions.length + " fractions but " + values.length + " values");
        }
        List<CurvePoint> points = new ArrayList<>(fractions.length);
        for (int i = 0; i < fractions.length; i++) {
            points.add(new CurvePoint(fractions[i], values[i]));
        }
        return new PruningCurve(metric, points);
    }

    public double unpruned() {
        return points.get(0).value();
    }

    public double[] fractions() {
        return points.stream().mapToDouble(CurvePoint::fractionPruned).toArray();
    }

    public double[] values() {
        return points.stream().mapToDouble(CurvePoint::value).toArray();
    }
}
