package dev.headcount.report.aggregation;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.finetuning.FineTuningComparison;
import dev.headcount.metrics.finetuning.OrderEffect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The before/after fine-tuning table from what has arrived, for each downstream task at each fine-tune
 * fraction f: {@code finetuned/<task>} (unpruned); that model pruned at f by the task's own importance and by
 * pre-training importance (evaluations on {@code finetuned/<task>}); and
 * {@code pruned-then-finetuned/task:<pretraining>/<f>/<task>} (fine-tuned after pruning). Cells not in yet
 * stay empty (NaN); a task without its unpruned fine-tune, or with a metric this code does not know, has no rows.
 */
public final class FineTuningTable {
    private FineTuningTable() {
    }

    public static FineTuningComparison of(ExperimentPlan plan, List<ModelFineTuned> fineTunes,
                                          List<MaskedModelEvaluated> evaluations) {
        FineTuningComparison.Builder builder = FineTuningComparison.builder();
        Ranking pretraining = plan.pretrainingRanking();
        for (String task : plan.downstreamTasks()) {
            ModelVariant finetunedVariant = ModelVariant.finetuned(task);
            Optional<ModelFineTuned> finetuned = fineTune(fineTunes, finetunedVariant);
            if (finetuned.isEmpty()) {
                continue;
            }
            String metricName = finetuned.get().primaryMetric();
            Metric metric = PruningCurves.metric(metricName);
            if (metric == null) {
                continue;
            }
            builder.finetuned(task, metric, finetuned.get().devMetrics().get(metricName));
            for (double fraction : plan.request().finetuneFractions()) {
                if (!(fraction > 0)) {
                    continue;
                }
                evaluation(evaluations, finetunedVariant, Ranking.byTask(task), fraction, task, metricName)
                        .ifPresent(value -> builder.finetunedThenPrunedByTask(task, fraction, value));
                evaluation(evaluations, finetunedVariant, pretraining, fraction, task, metricName)
                        .ifPresent(value -> builder.finetunedThenPrunedByPretraining(task, fraction, value));
                fineTune(fineTunes, ModelVariant.prunedThenFinetuned(pretraining, fraction, task))
                        .filter(tuned -> tuned.devMetrics().containsKey(metricName))
                        .ifPresent(tuned -> builder.prunedThenFinetuned(task, fraction, tuned.devMetrics().get(metricName)));
            }
        }
        return builder.build();
    }

    /**
     * The paired comparison of the two orders (pruned then fine-tuned against fine-tuned then pruned, both by
     * pre-training importance) in every cell where both models' dev predictions are in and are on the same dev
     * examples, keyed by {@link #cell}.
     */
    public static Map<String, OrderEffect> orderEffects(ExperimentPlan plan, List<ModelFineTuned> fineTunes,
                                                        List<MaskedModelEvaluated> evaluations) {
        Map<String, OrderEffect> effects = new HashMap<>();
        Ranking pretraining = plan.pretrainingRanking();
        for (String task : plan.downstreamTasks()) {
            for (double fraction : plan.request().finetuneFractions()) {
                Optional<ModelFineTuned> first = fineTune(fineTunes,
                        ModelVariant.prunedThenFinetuned(pretraining, fraction, task));
                Optional<MaskedModelEvaluated> second = evaluations.stream()
                        .filter(e -> e.baseVariant().equals(ModelVariant.finetuned(task))
                                && e.ranking().equals(pretraining) && e.evaluatedTask().equals(task)
                                && ModelVariant.formatFraction(e.fraction()).equals(ModelVariant.formatFraction(fraction)))
                        .findFirst();
                if (first.isEmpty() || second.isEmpty()) {
                    continue;
                }
                Metric metric = PruningCurves.metric(first.get().primaryMetric());
                ExamplePredictions a = PruningCurves.predictions(first.get().devPredictions());
                ExamplePredictions b = PruningCurves.predictions(second.get().predictions());
                if (metric == null || a == null || b == null || !sameExamples(a, b)) {
                    continue;
                }
                effects.put(cell(task, fraction), OrderEffect.of(metric, a, b, PruningCurves.RESAMPLING));
            }
        }
        return effects;
    }

    public static String cell(String task, double fraction) {
        return task + "@" + ModelVariant.formatFraction(fraction);
    }

    /**
     * Whether two models were evaluated on the same dev examples in the same order (the same gold labels), which a
     * paired comparison needs; the finetuner and the pruner load the dev split the same way, so this only fails
     * for results of different requests or code versions.
     */
    static boolean sameExamples(ExamplePredictions a, ExamplePredictions b) {
        if (a.size() != b.size() || a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof ExamplePredictions.Classes ca && b instanceof ExamplePredictions.Classes cb) {
            return java.util.Arrays.equals(ca.gold(), cb.gold());
        }
        if (a instanceof ExamplePredictions.Scores sa && b instanceof ExamplePredictions.Scores sb) {
            return java.util.Arrays.equals(sa.gold(), sb.gold());
        }
        return true;
    }

    private static Optional<ModelFineTuned> fineTune(List<ModelFineTuned> fineTunes, ModelVariant variant) {
        return fineTunes.stream().filter(tuned -> tuned.variant().equals(variant)).findFirst();
    }

    private static Optional<Double> evaluation(List<MaskedModelEvaluated> evaluations, ModelVariant base,
                                               Ranking ranking, double fraction, String task, String metricName) {
        String wanted = ModelVariant.formatFraction(fraction);
        return evaluations.stream()
                .filter(e -> e.baseVariant().equals(base) && e.ranking().equals(ranking)
                        && e.evaluatedTask().equals(task) && ModelVariant.formatFraction(e.fraction()).equals(wanted))
                .findFirst()
                .map(e -> e.metrics().get(metricName));
    }
}
