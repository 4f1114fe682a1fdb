package dev.headcount.metrics.coherence;

import dev.headcount.metrics.CorrelationMetrics;
import java.util.List;

/**
 * How alike two importance maps of the same model are, over all heads flattened in (layer, head) order.
 *
 * <ul>
 *   <li>{@code spearman}: Spearman's ρ, Pearson's r of the ranks with tied values sharing their average
 *       rank (Spearman 1904; the tie handling of {@code scipy.stats.spearmanr}). Sensitive to the whole order.
 *   <li>{@code kendallTauB}: Kendall's τ_b (Kendall 1945), concordant minus discordant pairs corrected
 *       for ties on both sides, as {@code scipy.stats.kendalltau}. Less swayed by a few large moves.
 *   <li>{@code pearson}: Pearson's r of the importance values themselves, which (unlike the two rank
 *       statistics) depends on the normalisation applied to the maps.
 *   <li>{@code topK}: Jaccard overlap of the k most important heads for each fraction of
 *       {@link #TOP_K_FRACTIONS}, with its chance level; see {@link TopHeads}.
 *   <li>{@code layerMassOfFirst}, {@code layerMassOfSecond}: each map's share of importance per layer,
 *       see {@link LayerMass}, on the raw maps (mean |gate gradient|) where they are given: a per-layer
 *       normalised map has about 1/L in every layer whatever the model does.
 * </ul>
 * The three correlations and the top-k overlaps are NaN when a map is constant (every head equally
 * important): no order to compare, no heads that stand out.
 */
public record Coherence(double spearman, double kendallTauB, double pearson, List<TopKOverlap> topK,
                        List<Double> layerMassOfFirst, List<Double> layerMassOfSecond) {

    /** The top-k shares reported for every pair: 10 %, 25 % and 50 % of the heads. */
    public static final List<Double> TOP_K_FRACTIONS = List.of(0.10, 0.25, 0.50);

    public Coherence {
        topK = List.copyOf(topK);
        layerMassOfFirst = List.copyOf(layerMassOfFirst);
        layerMassOfSecond = List.copyOf(layerMassOfSecond);
    }

    /** @param first,second importance maps {@code [layers][heads]} of the same shape, also used for the layer masses */
    public static Coherence between(double[][] first, double[][] second) {
        return between(first, second, first, second);
    }

    /**
     * @param first,second       the maps whose head orders are compared (as the pruner ranks heads)
     * @param rawFirst,rawSecond the same maps before normalisation (mean |gate gradient|), for the layer masses
     */
    public static Coherence between(double[][] first, double[][] second, double[][] rawFirst, double[][] rawSecond) {
        ImportanceMaps.requireSameShape(first, second);
        ImportanceMaps.requireSameShape(first, rawFirst);
        ImportanceMaps.requireSameShape(second, rawSecond);
        double[] a = ImportanceMaps.flatten(first);
        double[] b = ImportanceMaps.flatten(second);
        if (a.length < 2) {
            throw new IllegalArgumentException("coherence needs at least 2 heads, got " + a.length);
        }
        List<TopKOverlap> topK = TOP_K_FRACTIONS.stream()
                .map(fraction -> TopHeads.overlap(a, b, fraction))
                .toList();
        return new Coherence(CorrelationMetrics.spearman(a, b), CorrelationMetrics.kendallTauB(a, b),
                CorrelationMetrics.pearson(a, b), topK, LayerMass.of(rawFirst), LayerMass.of(rawSecond));
    }

    /** The Jaccard overlap at one of the {@link #TOP_K_FRACTIONS}. */
    public double jaccardAt(double fraction) {
        return topK.stream()
                .filter(overlap -> overlap.fraction() == fraction)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no top-k overlap for fraction " + fraction
                        + "; computed for " + TOP_K_FRACTIONS))
                .jaccard();
    }

    /** The same statistics with the two maps' roles exchanged (all but the layer masses are symmetric). */
    public Coherence swapped() {
        return new Coherence(spearman, kendallTauB, pearson, topK, layerMassOfSecond, layerMassOfFirst);
    }
}
