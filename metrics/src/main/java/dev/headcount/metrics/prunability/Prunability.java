package dev.headcount.metrics.prunability;

import dev.headcount.metrics.Metric;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What one pruning curve says about how much of the model can go.
 *
 * <ul>
 *   <li>{@code relativeMetric}: the metric at each fraction divided by the unpruned metric (1 at fraction 0).
 *       For a lower-is-better metric (loss, perplexity) values above 1 are worse.
 *   <li>{@code rawArea}: trapezoid-rule area under the metric itself over the fractions given
 *       (span [0, last fraction]), in the metric's units.
 *   <li>{@code relativeArea}: the same area under {@code relativeMetric}, comparable across tasks; an
 *       unharmed model pruned up to fraction f scores f. For lower-is-better metrics larger is worse.
 *   <li>{@code largestFractionKept}: the largest fraction f on the curve such that every fraction up to f
 *       keeps at least {@link #KEEP_SHARE} of the unpruned metric — value ≥ 0.9 × unpruned, or for a
 *       lower-is-better metric value ≤ unpruned / 0.9. This is the stopping rule of Hugging Face's
 *       {@code run_bertology.py} (mask until the metric drops below 0.9 × the original), read off the
 *       curve's grid without interpolating, so later recoveries past a drop do not count.
 * </ul>
 * Shares of the unpruned metric only mean something when it is positive: for an unpruned value ≤ 0
 * (an MCC of 0 or below, say) {@code relativeMetric}, {@code relativeArea} and
 * {@code largestFractionKept} are NaN and {@code relativeUndefinedReason} says why.
 */
public record Prunability(Metric metric, double unpruned, List<Double> relativeMetric, double rawArea,
                          double relativeArea, double largestFractionKept, Optional<String> relativeUndefinedReason) {

    /** The share of the unpruned metric a pruned model has to keep. */
    public static final double KEEP_SHARE = 0.9;

    public Prunability {
        relativeMetric = List.copyOf(relativeMetric);
    }

    public static Prunability of(PruningCurve curve) {
        double[] fractions = curve.fractions();
        double[] values = curve.values();
        double unpruned = curve.unpruned();
        double rawArea = trapezoidArea(fractions, values);
        if (!(unpruned > 0)) {
            List<Double> undefined = Collections.nCopies(values.length, Double.NaN);
            String reason = "unpruned " + curve.metric().id() + " is " + unpruned
                    + ", not positive: a share of it means nothing";
            return new Prunability(curve.metric(), unpruned, undefined, rawArea, Double.NaN, Double.NaN,
                    Optional.of(reason));
        }
        double[] relative = Arrays.stream(values).map(value -> value / unpruned).toArray();
        return new Prunability(curve.metric(), unpruned, Arrays.stream(relative).boxed().toList(), rawArea,
                trapezoidArea(fractions, relative), largestFractionKept(fractions, relative, curve.metric()),
                Optional.empty());
    }

    private static double largestFractionKept(double[] fractions, double[] relative, Metric metric) {
        double kept = fractions[0];
        for (int i = 0; i < fractions.length; i++) {
            boolean keeps = metric.higherIsBetter() ? relative[i] >= KEEP_SHARE : relative[i] <= 1 / KEEP_SHARE;
            if (!keeps) {
                break;
            }
            kept = fractions[i];
        }
        return kept;
    }

    static double trapezoidArea(double[] x, double[] y) {
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return area;
    }
}
