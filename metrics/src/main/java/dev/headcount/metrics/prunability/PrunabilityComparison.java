package dev.headcount.metrics.prunability;

import dev.headcount.metrics.resampling.Interval;

/**
 * One ranking's pruning curve against another's on the same dev examples (typically a task's own
 * importance against random order), with paired bootstrap intervals of the differences.
 *
 * @param relativeAreaDifference        this ranking's relative area minus the other's
 * @param largestFractionKeptDifference this ranking's largest fraction kept minus the other's
 * @param verdict                       what the largest fraction kept decides
 */
public record PrunabilityComparison(Interval relativeAreaDifference, Interval largestFractionKeptDifference,
                                    Verdict verdict) {

    /** What the data say about which ranking keeps the metric ≥ 90 % (of its margin over chance) longer. */
    public enum Verdict {
        /** The paired interval of the difference lies above 0. */
        LONGER,
        /** The paired interval lies below 0. */
        SHORTER,
        /**
         * Both curves drop between the same two grid fractions (or neither drops on the grid): the grid is
         * too coarse to tell them apart, whatever the number of examples; the relative area may still differ.
         */
        GRID_TOO_COARSE,
        /** The drops fall in different grid steps but the interval includes 0: more examples could decide. */
        NOT_DECIDED,
        /** Retention is undefined for at least one curve (unpruned model not better than chance). */
        UNDEFINED
    }

    static PrunabilityComparison of(Interval area, Interval kept, Prunability first, Prunability second) {
        return new PrunabilityComparison(area, kept, verdict(kept, first, second));
    }

    private static Verdict verdict(Interval kept, Prunability first, Prunability second) {
        if (Double.isNaN(first.largestFractionKept()) || Double.isNaN(second.largestFractionKept())) {
            return Verdict.UNDEFINED;
        }
        if (first.largestFractionKept() == second.largestFractionKept()) {
            return Verdict.GRID_TOO_COARSE;
        }
        return kept.above(0) ? Verdict.LONGER : kept.below(0) ? Verdict.SHORTER : Verdict.NOT_DECIDED;
    }
}
