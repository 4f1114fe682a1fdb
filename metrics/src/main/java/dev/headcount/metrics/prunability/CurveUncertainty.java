package dev.headcount.metrics.prunability;

import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.resampling.Bootstrap;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.Resampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bootstrap intervals for one ranking's pruning curve, from the per-example predictions of the model at
 * every fraction of the grid on the same dev examples. For the random baseline the curve is the mean
 * over seeds at each fraction (each seed's predictions given), so its interval is that of the seed mean;
 * the band over seeds is {@link SeedAveragedCurve}'s min and max.
 *
 * <p>Every replicate resamples the dev examples once and recomputes all points from the same resample,
 * so retention, relative area and the largest fraction kept are computed from a whole resampled curve,
 * and two curves on the same dev examples with the same {@link Resampling} are paired replicate by
 * replicate ({@link #compare}). The chance level stays the one of all examples.
 *
 * @param values              the metric at each fraction (mean over seeds) with its interval
 * @param retention           retention above chance at each fraction ({@link Prunability}) with its interval
 * @param relativeArea        mean retention over the grid with its interval
 * @param largestFractionKept the largest fraction kept with its interval (grid values: the interval says
 *                            between which grid points the drop could fall)
 * @param areaReplicates      the relative area on each bootstrap replicate, kept for {@link #compare}
 * @param keptReplicates      the largest fraction kept on each replicate, likewise
 */
public record CurveUncertainty(Metric metric, List<Double> fractions, double chance, int examples,
                               Prunability prunability, List<Interval> values, List<Interval> retention,
                               Interval relativeArea, Interval largestFractionKept, Resampling settings,
                               List<Double> areaReplicates, List<Double> keptReplicates) {

    public CurveUncertainty {
        fractions = List.copyOf(fractions);
        values = List.copyOf(values);
        retention = List.copyOf(retention);
        areaReplicates = List.copyOf(areaReplicates);
        keptReplicates = List.copyOf(keptReplicates);
    }

    /**
     * @param fractions increasing, starting at 0
     * @param bySeed    one list per seed (a single one for a task's ranking), each with the predictions at
     *                  every fraction in order; all over the same dev examples
     * @param chance    the task's chance level for {@code metric}, NaN if not known
     */
    public static CurveUncertainty of(Metric metric, double[] fractions, List<List<ExamplePredictions>> bySeed,
                                      double chance, Resampling settings) {
        if (bySeed.isEmpty()) {
            throw new IllegalArgumentException("no predictions for the curve");
        }
        int examples = bySeed.get(0).get(0).size();
        for (int s = 0; s < bySeed.size(); s++) {
            List<ExamplePredictions> curve = bySeed.get(s);
            if (curve.size() != fractions.length) {
                throw new IllegalArgumentException("seed " + s + " has predictions at " + curve.size()
                        + " fractions, the grid has " + fractions.length);
            }
            for (int f = 0; f < curve.size(); f++) {
                if (curve.get(f).size() != examples) {
                    throw new IllegalArgumentException("seed " + s + " at fraction " + fractions[f] + " has "
                            + curve.get(f).size() + " examples, the unpruned model " + examples
                            + ": every point must be evaluated on the same dev examples");
                }
            }
        }
        PruningCurve.of(metric, fractions, new double[fractions.length]); // checks the grid
        int n = fractions.length;
        Bootstrap.Statistics statistics = resample -> {
            double[] values = new double[n];
            for (int f = 0; f < n; f++) {
                double sum = 0;
                for (List<ExamplePredictions> seed : bySeed) {
                    sum += seed.get(f).metric(metric, resample);
                }
                values[f] = sum / bySeed.size();
            }
            Prunability p = Prunability.of(metric, fractions, values, chance);
            double[] out = new double[2 * n + 2];
            System.arraycopy(values, 0, out, 0, n);
            for (int f = 0; f < n; f++) {
                out[n + f] = p.retention().get(f);
            }
            out[2 * n] = p.relativeArea();
            out[2 * n + 1] = p.largestFractionKept();
            return out;
        };
        double[] estimates = statistics.of(Bootstrap.identity(examples));
        double[][] replicates = Bootstrap.replicates(examples, statistics, settings);
        List<Interval> intervals = new ArrayList<>();
        for (int i = 0; i < estimates.length; i++) {
            int column = i;
            intervals.add(Bootstrap.percentile(estimates[i],
                    Arrays.stream(replicates).mapToDouble(r -> r[column]).toArray(), settings.level()));
        }
        Prunability prunability = Prunability.of(metric, fractions, Arrays.copyOf(estimates, n), chance);
        return new CurveUncertainty(metric, Arrays.stream(fractions).boxed().toList(), chance, examples, prunability,
                intervals.subList(0, n), intervals.subList(n, 2 * n), intervals.get(2 * n), intervals.get(2 * n + 1),
                settings, Arrays.stream(replicates).map(r -> r[2 * n]).toList(),
                Arrays.stream(replicates).map(r -> r[2 * n + 1]).toList());
    }

    /**
     * A ranking's curve against another's (a task's own ranking against random) on the same dev examples:
     * paired differences, this minus other, of the relative area and of the largest fraction kept.
     */
    public PrunabilityComparison compare(CurveUncertainty other) {
        if (examples != other.examples || !settings.equals(other.settings) || !fractions.equals(other.fractions)
                || metric != other.metric) {
            throw new IllegalArgumentException("curves are paired only on the same dev examples, grid, metric and "
                    + "resampling: " + examples + " vs " + other.examples + " examples, " + fractions + " vs "
                    + other.fractions + ", " + metric.id() + " vs " + other.metric.id());
        }
        Interval area = Bootstrap.differences(relativeArea.estimate(), unboxed(areaReplicates),
                other.relativeArea.estimate(), unboxed(other.areaReplicates), settings.level());
        Interval kept = Bootstrap.differences(largestFractionKept.estimate(), unboxed(keptReplicates),
                other.largestFractionKept.estimate(), unboxed(other.keptReplicates), settings.level());
        return PrunabilityComparison.of(area, kept, prunability, other.prunability);
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
