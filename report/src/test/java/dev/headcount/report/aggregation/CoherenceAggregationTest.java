package dev.headcount.report.aggregation;

import dev.headcount.events.Granularity;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ModelVariant;
import dev.headcount.metrics.coherence.Coherence;
import dev.headcount.metrics.coherence.CoherencePair;
import dev.headcount.report.TinyExperiment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coherence of hand-made maps, checked against straightforward implementations written here. */
class CoherenceAggregationTest {
    private static final double EPS = 1e-12;
    private final TinyExperiment tiny = new TinyExperiment("exp-coherence");

    @Test
    void onePairForTwoMapsInTheRequestsTaskOrder() {
        // given in reverse: the pre-training task still comes first
        List<CoherencePair> pairs = CoherenceAggregation.pairs(tiny.plan,
                List.of(tiny.map(TinyExperiment.SPAM), tiny.map(TinyExperiment.PRETRAINING)));
        assertEquals(1, pairs.size());
        assertEquals(TinyExperiment.PRETRAINING, pairs.get(0).first());
        assertEquals(TinyExperiment.SPAM, pairs.get(0).second());
        assertMatchesStraightforward(TinyExperiment.SOTU_MAP, TinyExperiment.SPAM_MAP, pairs.get(0).coherence());
    }

    @Test
    void everyPairOfThreeMaps() {
        double[][] third = {{0.9, 0.1, 0.2, 0.3}, {0.3, 0.3, 0.3, 0.8}, {0.0, 0.5, 0.6, 0.7}};
        ImportanceMapCompleted extra = map("builtin/extra", ModelVariant.finetuned("builtin/extra"), third);
        List<CoherencePair> pairs = CoherenceAggregation.pairs(tiny.plan,
                List.of(extra, tiny.map(TinyExperiment.SPAM), tiny.map(TinyExperiment.PRETRAINING)));
        assertEquals(List.of("builtin/sotu|builtin/spam", "builtin/sotu|builtin/extra", "builtin/spam|builtin/extra"),
                pairs.stream().map(p -> p.first() + "|" + p.second()).toList(), "planned tasks first, others after");
        assertMatchesStraightforward(TinyExperiment.SOTU_MAP, third, pairs.get(1).coherence());
        assertMatchesStraightforward(TinyExperiment.SPAM_MAP, third, pairs.get(2).coherence());
    }

    @Test
    void layerMassesAreSharesOfTheRawMeanGradientNotOfTheNormalisedMap() {
        // raw sums 2 2 2 2 | 4 4 4 4 | 18 18 18 18 over counts 2, 2 and 3 per head: means 1, 2 and 6 per head, so the
        // layers hold 4, 8 and 24 of 36. The normalised map (each layer's row over its L2 norm) would give a third each
        double[][] normalised = {{0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5}};
        List<List<Double>> sums = List.of(List.of(2.0, 2.0, 2.0, 2.0), List.of(4.0, 4.0, 4.0, 4.0),
                List.of(18.0, 18.0, 18.0, 18.0));
        List<List<Long>> counts = List.of(List.of(2L, 2L, 2L, 2L), List.of(2L, 2L, 2L, 2L), List.of(3L, 3L, 3L, 3L));
        List<List<Double>> normalisedList = Arrays.stream(normalised).map(row -> Arrays.stream(row).boxed().toList()).toList();
        ImportanceMapCompleted spam = new ImportanceMapCompleted(tiny.experimentId,
                ModelVariant.finetuned(TinyExperiment.SPAM), TinyExperiment.SPAM, Granularity.PER_EXAMPLE, sums, counts,
                normalisedList, normalisedList, "file:/tmp/map.json");
        assertEquals(6.0, CoherenceAggregation.rawArray(spam)[2][0], 0.0);
        List<CoherencePair> pairs = CoherenceAggregation.pairs(tiny.plan, List.of(tiny.map(TinyExperiment.PRETRAINING), spam));
        List<Double> mass = pairs.get(0).coherence().layerMassOfSecond();
        assertEquals(4.0 / 36, mass.get(0), EPS);
        assertEquals(8.0 / 36, mass.get(1), EPS);
        assertEquals(24.0 / 36, mass.get(2), EPS);
    }

    @Test
    void aMapOnAnUnplannedVariantOfAPlannedTaskIsNotCompared() {
        ImportanceMapCompleted stray = map(TinyExperiment.SPAM, ModelVariant.pretrained(), TinyExperiment.SPAM_MAP);
        assertTrue(CoherenceAggregation.pairs(tiny.plan, List.of(tiny.map(TinyExperiment.PRETRAINING), stray)).isEmpty());
    }

    @Test
    void rejectsMapsThatCannotBeCompared() {
        double[][] small = {{0.1, 0.2}, {0.3, 0.4}};
        ImportanceMapCompleted other = map(TinyExperiment.SPAM, ModelVariant.finetuned(TinyExperiment.SPAM), small);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> CoherenceAggregation.checkUsable(other, List.of(tiny.map(TinyExperiment.PRETRAINING))));
        assertTrue(shape.getMessage().contains("2×2") && shape.getMessage().contains("3×4"), shape.getMessage());

        double[][] negative = {{0.1, -0.2, 0.3, 0.4}, {0.1, 0.2, 0.3, 0.4}, {0.1, 0.2, 0.3, 0.4}};
        ImportanceMapCompleted bad = map(TinyExperiment.SPAM, ModelVariant.finetuned(TinyExperiment.SPAM), negative);
        assertThrows(IllegalArgumentException.class, () -> CoherenceAggregation.checkUsable(bad, List.of()));

        // the same map again (redelivery) is fine
        CoherenceAggregation.checkUsable(tiny.map(TinyExperiment.SPAM), tiny.maps());
    }

    private ImportanceMapCompleted map(String task, ModelVariant variant, double[][] values) {
        List<List<Double>> normalized = new ArrayList<>();
        List<List<Long>> counts = new ArrayList<>();
        for (double[] row : values) {
            normalized.add(Arrays.stream(row).boxed().toList());
            counts.add(Arrays.stream(row).mapToObj(v -> 1L).toList());
        }
        return new ImportanceMapCompleted(tiny.experimentId, variant, task, Granularity.PER_EXAMPLE, normalized, counts,
                normalized, normalized, "file:/tmp/map.json");
    }

    // straightforward reference implementations

    static void assertMatchesStraightforward(double[][] first, double[][] second, Coherence actual) {
        double[] a = flat(first);
        double[] b = flat(second);
        assertEquals(pearson(ranks(a), ranks(b)), actual.spearman(), EPS, "Spearman");
        assertEquals(kendallTauB(a, b), actual.kendallTauB(), EPS, "Kendall tau-b");
        assertEquals(pearson(a, b), actual.pearson(), EPS, "Pearson");
        for (double fraction : List.of(0.10, 0.25, 0.50)) {
            int k = (int) Math.max(1, Math.round(fraction * a.length));
            Set<Integer> topA = top(a, k);
            Set<Integer> topB = top(b, k);
            Set<Integer> both = new HashSet<>(topA);
            both.retainAll(topB);
            Set<Integer> either = new HashSet<>(topA);
            either.addAll(topB);
            assertEquals((double) both.size() / either.size(), actual.jaccardAt(fraction), EPS, "top " + fraction);
        }
        assertEquals(layerMass(first), actual.layerMassOfFirst());
        assertEquals(layerMass(second), actual.layerMassOfSecond());
    }

    static double[] flat(double[][] map) {
        return Arrays.stream(map).flatMapToDouble(Arrays::stream).toArray();
    }

    /** Average ranks (1-based) with ties sharing their mean rank. */
    static double[] ranks(double[] x) {
        double[] ranks = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int less = 0;
            int equal = 0;
            for (double v : x) {
                if (v < x[i]) {
                    less++;
                } else if (v == x[i]) {
                    equal++;
                }
            }
            ranks[i] = less + (equal + 1) / 2.0;
        }
        return ranks;
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double kendallTauB(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                } else if (dx == 0) {
                    tiesX++;
                } else if (dy == 0) {
                    tiesY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        return (concordant - discordant)
                / Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    }

    /** The k largest, ties broken by lower index first. */
    /** The heads the pruner keeps: its order is ascending importance, ties by ascending index; keep the last k. */
    static Set<Integer> top(double[] x, int k) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, x.length).boxed().toList());
        order.sort(Comparator.comparingDouble((Integer i) -> x[i]).thenComparingInt(i -> i));
        return new HashSet<>(order.subList(x.length - k, x.length));
    }

    static List<Double> layerMass(double[][] map) {
        double total = Arrays.stream(map).flatMapToDouble(Arrays::stream).sum();
        return Arrays.stream(map).map(row -> Arrays.stream(row).sum() / total).toList();
    }
}
