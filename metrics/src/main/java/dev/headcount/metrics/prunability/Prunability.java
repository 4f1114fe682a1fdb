package dev.headcount.metrics.prunability;

import dev.headcount.metrics.Metric;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What one pruning curve says about how much of the model can go, measured above the task's chance level.
 *
 * <ul>
 *   <li>{@code retention}: how much of the unpruned model's margin over chance each fraction keeps,
 *       (value − chance) / (unpruned − chance); 1 at fraction 0, 0 at chance, negative below it. For a
 *       lower-is-better metric the margin is chance − value. A model that loses its margin over chance has
 *       lost what it learned, even if a ratio of raw scores (0.5 / 0.8 accuracy on a balanced task)
 *       still looks high.
 *   <li>{@code rawArea}: trapezoid-rule area under the metric itself over the fractions given, in the
 *       metric's units times fraction.
 *   <li>{@code relativeArea}: the trapezoid area under {@code retention} divided by the span of fractions
 *       (last − first): the mean retention over the grid, 1 for an unharmed model whatever the grid,
 *       so comparable across tasks and grids.
 *   <li>{@code largestFractionKept}: the largest fraction f of the grid such that every fraction up to f
 *       keeps retention ≥ {@link #KEEP_SHARE} (Hugging Face's {@code run_bertology.py} stops masking when
 *       the metric drops below 0.9 × the original; here the 90 % are of the margin over chance). Read off
 *       the grid: the metric first drops somewhere between f and {@code droppedAt}, the next fraction (NaN
 *       when it never drops: the grid ends first). A retention within {@link #TOLERANCE} of the share
 *       counts as kept, so that a pass does not hinge on how 0.45 / 0.5 rounds.
 * </ul>
 *
 * <p>The chance level is the trivial baseline's score ({@link dev.headcount.metrics.ExamplePredictions#chanceLevel}).
 * Where it is not known (accuracy without the dev labels, masked LM), {@code chanceNote} says so and the
 * retention falls back to the share of the unpruned metric (value / unpruned, or unpruned / value for a
 * lower-is-better metric), the run_bertology criterion. Retention is undefined (NaN, with
 * {@code relativeUndefinedReason}) when the unpruned model is not better than chance: it has nothing to keep.
 */
public record Prunability(Metric metric, double unpruned, double chance, Optional<String> chanceNote,
                          List<Double> retention, double rawArea, double relativeArea, double largestFractionKept,
                          double droppedAt, Optional<String> relativeUndefinedReason) {

    /** The share of the unpruned model's margin over chance a pruned model has to keep. */
    public static final double KEEP_SHARE = 0.9;
    /** Retention this close below {@link #KEEP_SHARE} still counts as kept (rounding, not a real drop). */
    public static final double TOLERANCE = 1e-9;

    public Prunability {
        retention = List.copyOf(retention);
    }

    /** @param chance the task's chance level for the curve's metric, NaN when not known */
    public static Prunability of(PruningCurve curve, double chance) {
        return of(curve.metric(), curve.fractions(), curve.values(), chance);
    }

    /**
     * The same from arrays (fractions increasing from 0, values finite or NaN): resampled curves use it. A NaN
     * value (a metric undefined on a resample) makes every share NaN.
     */
    static Prunability of(Metric metric, double[] fractions, double[] values, double chance) {
        double unpruned = values[0];
        double rawArea = trapezoidArea(fractions, values);
        boolean chanceKnown = !Double.isNaN(chance);
        Optional<String> chanceNote = chanceKnown ? Optional.empty() : Optional.of("chance level of " + metric.id()
                + " not known here: retention is the share of the unpruned metric");
        double margin = !chanceKnown ? unpruned : metric.higherIsBetter() ? unpruned - chance : chance - unpruned;
        if (!(margin > 0) || Arrays.stream(values).anyMatch(Double::isNaN)) {
            String reason = !(margin > 0)
                    ? "unpruned " + metric.id() + " is " + unpruned + (chanceKnown ? ", not better than chance "
                    + chance : ", not positive") + ": there is nothing to keep"
                    : metric.id() + " undefined at a fraction";
            return new Prunability(metric, unpruned, chance, chanceNote, Collections.nCopies(values.length, Double.NaN),
                    rawArea, Double.NaN, Double.NaN, Double.NaN, Optional.of(reason));
        }
        double[] retention = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            retention[i] = !chanceKnown ? (metric.higherIsBetter() ? values[i] / unpruned : unpruned / values[i])
                    : metric.higherIsBetter() ? (values[i] - chance) / margin : (chance - values[i]) / margin;
        }
        int kept = 0;
        while (kept + 1 < fractions.length && retention[kept + 1] >= KEEP_SHARE - TOLERANCE) {
            kept++;
        }
        double span = fractions[fractions.length - 1] - fractions[0];
        return new Prunability(metric, unpruned, chance, chanceNote, Arrays.stream(retention).boxed().toList(),
                rawArea, span > 0 ? trapezoidArea(fractions, retention) / span : Double.NaN, fractions[kept],
                kept + 1 < fractions.length ? fractions[kept + 1] : Double.NaN, Optional.empty());
    }

    /** Whether the metric never dropped on the grid: the kept fraction is only a lower bound. */
    public boolean keptBeyondGrid() {
        return !Double.isNaN(largestFractionKept) && Double.isNaN(droppedAt);
    }

    static double trapezoidArea(double[] x, double[] y) {
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return area;
    }
}
