package dev.headcount.cli;

import dev.headcount.engine.pruning.HeadId;
import dev.headcount.engine.pruning.Ranking;
import java.util.List;

/**
 * A stored importance map against its recomputation: per-head relative differences, whether the pruning order is
 * the same, and the verdict {@code headcount reproduce} prints.
 *
 * <p>Relative difference of a head: |stored − recomputed| / max(|stored|, |recomputed|), 0 when both are 0. It is
 * taken on the raw importance (mean |∂L/∂ξ|) when the report has it, since the normalised map divides by per-layer
 * norms and subtracts the global minimum, which inflates relative differences of heads near that minimum; the
 * normalised values are compared too, relative to the map's largest value.
 *
 * @param relative       layers × heads relative differences (of the raw importance, else of the normalised map)
 * @param maxRelative    the largest of them
 * @param worst          the head where it occurs
 * @param maxNormalized  largest |Δ| of the normalised map over its largest |value|
 * @param sameRanking    whether the pruner's order (least important first, by the normalised map) is unchanged
 * @param bitIdentical   every stored number equals its recomputation exactly
 */
record MapComparison(double[][] relative, double maxRelative, HeadId worst, double maxNormalized,
                     boolean sameRanking, boolean bitIdentical) {
    static final double TOLERANCE = 1e-5;

    enum Verdict {
        BIT_IDENTICAL("bit-identical"), WITHIN_TOLERANCE("within 1e-5 relative"), DIFFERS("differs");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /**
     * @param storedRaw        the stored raw importance, or {@code null} when the report does not carry it
     * @param storedNormalized the stored normalised map
     */
    static MapComparison of(double[][] storedRaw, double[][] storedNormalized, double[][] raw, double[][] normalized) {
        requireSameShape("normalizedImportance", storedNormalized, normalized);
        boolean identical = equal(storedNormalized, normalized);
        double[][] base = storedRaw != null ? storedRaw : storedNormalized;
        double[][] now = storedRaw != null ? raw : normalized;
        if (storedRaw != null) {
            requireSameShape("importance", storedRaw, raw);
            identical &= equal(storedRaw, raw);
        }
        double[][] relative = new double[base.length][];
        double max = 0;
        HeadId worst = new HeadId(0, 0);
        for (int l = 0; l < base.length; l++) {
            relative[l] = new double[base[l].length];
            for (int h = 0; h < base[l].length; h++) {
                double scale = Math.max(Math.abs(base[l][h]), Math.abs(now[l][h]));
                double d = scale == 0 ? 0 : Math.abs(base[l][h] - now[l][h]) / scale;
                relative[l][h] = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                if (relative[l][h] > max) {
                    max = relative[l][h];
                    worst = new HeadId(l, h);
                }
            }
        }
        double largest = 0;
        double largestDelta = 0;
        for (int l = 0; l < normalized.length; l++) {
            for (int h = 0; h < normalized[l].length; h++) {
                largest = Math.max(largest, Math.abs(storedNormalized[l][h]));
                largestDelta = Math.max(largestDelta, Math.abs(storedNormalized[l][h] - normalized[l][h]));
            }
        }
        double maxNormalized = largest == 0 ? largestDelta : largestDelta / largest;
        List<HeadId> storedOrder = Ranking.byImportance("stored", storedNormalized).leastImportant(1.0);
        List<HeadId> order = Ranking.byImportance("recomputed", normalized).leastImportant(1.0);
        return new MapComparison(relative, max, worst, maxNormalized, storedOrder.equals(order), identical);
    }

    Verdict verdict() {
        if (bitIdentical) {
            return Verdict.BIT_IDENTICAL;
        }
        return maxRelative <= TOLERANCE && maxNormalized <= TOLERANCE ? Verdict.WITHIN_TOLERANCE : Verdict.DIFFERS;
    }

    private static boolean equal(double[][] a, double[][] b) {
        for (int l = 0; l < a.length; l++) {
            for (int h = 0; h < a[l].length; h++) {
                if (Double.doubleToLongBits(a[l][h]) != Double.doubleToLongBits(b[l][h])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void requireSameShape(String field, double[][] stored, double[][] recomputed) {
        boolean same = stored.length == recomputed.length;
        for (int l = 0; same && l < stored.length; l++) {
            same = stored[l].length == recomputed[l].length;
        }
        if (!same) {
            throw new IllegalArgumentException("the stored " + field + " is " + stored.length + " × "
                    + (stored.length == 0 ? 0 : stored[0].length) + " but the model has " + recomputed.length + " × "
                    + (recomputed.length == 0 ? 0 : recomputed[0].length) + " heads");
        }
    }
}
