package dev.headcount.report.aggregation;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;
import dev.headcount.events.Predictions;
import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.prunability.CurveUncertainty;
import dev.headcount.metrics.prunability.Prunability;
import dev.headcount.metrics.prunability.PruningCurve;
import dev.headcount.metrics.prunability.SeedAveragedCurve;
import dev.headcount.metrics.prunability.SpreadPoint;
import dev.headcount.metrics.resampling.Resampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Pruning curves from masked-model evaluations: for each evaluated task (on its own model, the plan's
 * target), the metric per fraction for every ranking evaluated there, the random rankings averaged over
 * seeds with their spread, and the prunability of every curve that has all its fractions. Where every point of a
 * curve carries its per-example predictions, the curve gets bootstrap intervals over the dev examples
 * ({@link CurveUncertainty}) and its chance level from the dev labels.
 */
public final class PruningCurves {
    /** Name of the seed-averaged random baseline in tables and prunability documents. */
    public static final String RANDOM = "random";

    private PruningCurves() {
    }

    /** An evaluated task on the model it is evaluated on. */
    public record Target(ModelVariant base, String task) {
    }

    /**
     * One ranking's values at the table's fractions; NaN where not (yet) evaluated.
     *
     * @param predictions the per-example predictions at each fraction; {@code null} entries where not evaluated
     *                    or evaluated before predictions were recorded
     */
    public record Series(Ranking ranking, List<Double> values, List<ExamplePredictions> predictions) {
        public Series(Ranking ranking, List<Double> values) {
            this(ranking, values, Collections.nCopies(values.size(), null));
        }

        public boolean complete() {
            return values.stream().noneMatch(value -> Double.isNaN(value));
        }

        /** Whether every point carries its per-example predictions, so the curve can be resampled. */
        public boolean resamplable() {
            return complete() && predictions.stream().allMatch(Objects::nonNull);
        }
    }

    /**
     * Everything evaluated on one target.
     *
     * @param primaryMetric the evaluated task's metric (from the first evaluation), or {@code null} before any
     * @param random        per fraction over the random seeds; NaN mean where not every seed is in yet
     */
    public record CurveTable(Target target, String primaryMetric, List<Double> fractions, List<Series> rankings,
                             List<Series> randomSeeds, List<SpreadPoint> random) {
    }

    /**
     * A complete curve and its prunability.
     *
     * @param ranking            a task ranking's name, or {@link #RANDOM} for the seed average
     * @param seeds              1 for a task ranking, the number of seeds averaged for {@link #RANDOM}
     * @param standardDeviations per fraction over seeds ({@link #RANDOM} only, else empty)
     * @param prunability        {@code null} when it cannot be computed ({@code note} says why)
     * @param uncertainty        bootstrap intervals of every point and of the prunability; {@code null} when the
     *                           evaluations carry no per-example predictions
     */
    public record CurveResult(Target target, String ranking, String primaryMetric, int seeds, List<Double> fractions,
                              List<Double> values, List<Double> standardDeviations, Prunability prunability,
                              String note, CurveUncertainty uncertainty) {
    }

    /** The targets of the plan, one per task, in the request's task order. */
    public static List<Target> targets(ExperimentPlan plan) {
        return plan.request().taskNames().stream().map(task -> new Target(plan.modelFor(task), task)).toList();
    }

    /** The fractions every curve is evaluated at, ascending. */
    public static List<Double> fractions(ExperimentPlan plan) {
        return List.copyOf(new TreeSet<>(plan.request().pruningFractions()));
    }

    /** The task rankings and the random rankings evaluated on a target, in the plan's ranking order. */
    public static List<Ranking> rankingsOn(ExperimentPlan plan, Target target) {
        ExperimentPlan.MapKey key = new ExperimentPlan.MapKey(target.base(), target.task());
        return plan.request().allRankings().stream().filter(ranking -> plan.targetsOf(ranking).contains(key)).toList();
    }

    public static List<CurveTable> tables(ExperimentPlan plan, List<MaskedModelEvaluated> evaluations) {
        return targets(plan).stream().map(target -> table(plan, target, evaluations)).toList();
    }

    public static CurveTable table(ExperimentPlan plan, Target target, List<MaskedModelEvaluated> evaluations) {
        List<Double> fractions = fractions(plan);
        Map<String, MaskedModelEvaluated> byKey = new HashMap<>();
        String primaryMetric = null;
        for (MaskedModelEvaluated evaluation : evaluations) {
            if (evaluation.baseVariant().equals(target.base()) && evaluation.evaluatedTask().equals(target.task())) {
                byKey.put(key(evaluation.ranking(), evaluation.fraction()), evaluation);
                primaryMetric = primaryMetric == null ? evaluation.primaryMetric() : primaryMetric;
            }
        }
        List<Series> rankings = new ArrayList<>();
        List<Series> seeds = new ArrayList<>();
        for (Ranking ranking : rankingsOn(plan, target)) {
            List<Double> values = new ArrayList<>();
            List<ExamplePredictions> predictions = new ArrayList<>();
            for (double fraction : fractions) {
                MaskedModelEvaluated evaluation = byKey.get(key(ranking, fraction));
                values.add(evaluation == null ? Double.NaN : evaluation.metrics().get(evaluation.primaryMetric()));
                predictions.add(evaluation == null ? null : predictions(evaluation.predictions()));
            }
            (ranking.isRandom() ? seeds : rankings).add(new Series(ranking, Collections.unmodifiableList(values),
                    Collections.unmodifiableList(predictions)));
        }
        List<SpreadPoint> random = new ArrayList<>();
        if (!seeds.isEmpty()) {
            for (int i = 0; i < fractions.size(); i++) {
                int index = i;
                double[] values = seeds.stream().mapToDouble(series -> series.values().get(index)).toArray();
                random.add(spread(fractions.get(i), values));
            }
        }
        return new CurveTable(target, primaryMetric, fractions, rankings, seeds, random);
    }

    /** The prunability of every complete curve of every target. */
    public static List<CurveResult> results(ExperimentPlan plan, List<MaskedModelEvaluated> evaluations) {
        List<CurveResult> results = new ArrayList<>();
        for (CurveTable table : tables(plan, evaluations)) {
            results.addAll(results(table));
        }
        return results;
    }

    /** The prunability of every complete curve of one table. */
    public static List<CurveResult> results(CurveTable table) {
        List<CurveResult> results = new ArrayList<>();
        double[] fractions = table.fractions().stream().mapToDouble(Double::doubleValue).toArray();
        Metric metric = metric(table.primaryMetric());
        String problem = problem(table, metric);
        for (Series series : table.rankings()) {
            if (series.complete()) {
                CurveUncertainty uncertainty = problem != null ? null
                        : uncertainty(metric, fractions, List.of(series));
                Prunability prunability = problem != null ? null : uncertainty != null ? uncertainty.prunability()
                        : Prunability.of(PruningCurve.of(metric, fractions, toArray(series.values())), chance(metric));
                results.add(new CurveResult(table.target(), series.ranking().name(), table.primaryMetric(), 1,
                        table.fractions(), series.values(), List.of(), prunability, problem, uncertainty));
            }
        }
        if (!table.randomSeeds().isEmpty() && table.randomSeeds().stream().allMatch(Series::complete)) {
            List<SpreadPoint> points = table.random();
            Prunability prunability = null;
            CurveUncertainty uncertainty = null;
            if (problem == null) {
                List<PruningCurve> curves = table.randomSeeds().stream()
                        .map(series -> PruningCurve.of(metric, fractions, toArray(series.values()))).toList();
                SeedAveragedCurve averaged = SeedAveragedCurve.of(curves);
                points = averaged.points();
                uncertainty = uncertainty(metric, fractions, table.randomSeeds());
                prunability = uncertainty != null ? uncertainty.prunability()
                        : Prunability.of(averaged.meanCurve(), chance(metric));
            }
            List<Double> means = points.stream().map(SpreadPoint::mean).toList();
            List<Double> deviations = points.stream().map(SpreadPoint::standardDeviation).toList();
            results.add(new CurveResult(table.target(), RANDOM, table.primaryMetric(), table.randomSeeds().size(),
                    table.fractions(), means, deviations, prunability, problem, uncertainty));
        }
        return results;
    }

    /**
     * Bootstrap intervals of a curve (one series) or of the seed mean (several), when every point has its
     * per-example predictions on the same dev examples; {@code null} otherwise (older events: point estimates
     * only). The chance level is the trivial baseline's on these dev labels ({@link ExamplePredictions#chanceLevel}).
     */
    static CurveUncertainty uncertainty(Metric metric, double[] fractions, List<Series> seeds) {
        if (seeds.isEmpty() || !seeds.stream().allMatch(Series::resamplable)) {
            return null;
        }
        ExamplePredictions unpruned = seeds.get(0).predictions().get(0);
        double chance = unpruned.chanceLevel(metric);
        try {
            return CurveUncertainty.of(metric, fractions, seeds.stream().map(Series::predictions).toList(),
                    Double.isNaN(chance) ? chance(metric) : chance, RESAMPLING);
        } catch (IllegalArgumentException notOnTheSameExamples) {
            return null; // e.g. evaluations of different dev sets: the point estimates stand alone
        }
    }

    /** Replicates and seed of every interval in the report: fixed, so a report is reproducible to the digit. */
    public static final Resampling RESAMPLING = Resampling.DEFAULT;

    /** The metrics module's predictions of an event; {@code null} when absent or not readable. */
    static ExamplePredictions predictions(Predictions predictions) {
        if (predictions == null) {
            return null;
        }
        try {
            return predictions.toMetrics();
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    /**
     * The chance level retention is measured above when the evaluations carry no dev labels (older events): where
     * the metric's definition fixes it (0 for MCC and the correlations); otherwise not known (NaN), and
     * {@link Prunability} falls back to the share of the unpruned metric and says so.
     */
    static double chance(Metric metric) {
        return metric.chanceLevelByDefinition().orElse(Double.NaN);
    }

    /** The metric named by an event, or {@code null} when this code does not know it. */
    public static Metric metric(String primaryMetric) {
        if (primaryMetric == null) {
            return null;
        }
        try {
            return Metric.fromId(primaryMetric);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String problem(CurveTable table, Metric metric) {
        if (metric == null) {
            return "unknown metric '" + table.primaryMetric() + "': direction unknown, prunability not computed";
        }
        if (table.fractions().isEmpty() || table.fractions().get(0) != 0) {
            return "pruningFractions has no 0 (the unpruned model): prunability not computed";
        }
        return null;
    }

    private static SpreadPoint spread(double fraction, double[] values) {
        if (Arrays.stream(values).anyMatch(Double::isNaN)) {
            return new SpreadPoint(fraction, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double squares = Arrays.stream(values).map(value -> (value - mean) * (value - mean)).sum();
        double deviation = values.length < 2 ? Double.NaN : Math.sqrt(squares / (values.length - 1));
        return new SpreadPoint(fraction, mean, deviation, Arrays.stream(values).min().orElseThrow(),
                Arrays.stream(values).max().orElseThrow());
    }

    private static String key(Ranking ranking, double fraction) {
        return ranking.name() + "@" + ModelVariant.formatFraction(fraction);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Objects::requireNonNull).toArray();
    }
}
