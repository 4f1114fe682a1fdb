package dev.headcount.metrics.finetuning;

import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.resampling.Bootstrap;
import dev.headcount.metrics.resampling.Interval;
import dev.headcount.metrics.resampling.Permutation;
import dev.headcount.metrics.resampling.Resampling;
import dev.headcount.metrics.resampling.SampleSize;
import java.util.OptionalLong;

/**
 * Before vs after fine-tuning on one task at one fraction, from the two models' per-example predictions
 * on the same dev examples: pruned (by pre-training importance) then fine-tuned, against fine-tuned then
 * pruned by the same importance.
 *
 * @param advantage        pruning first minus fine-tuning first, oriented so that positive means pruning
 *                         first did better (negated for a lower-is-better metric), with its paired bootstrap
 *                         interval over dev examples
 * @param pValue           two-sided permutation p-value of the advantage against "the two orders are
 *                         exchangeable": each example's pair of predictions swapped with probability ½
 * @param examplesToDecide when the interval includes 0, about how many dev examples would decide it at this
 *                         effect size ({@link SampleSize}); empty when decided or when the effect is 0
 */
public record OrderEffect(Metric metric, Interval advantage, double pValue, OptionalLong examplesToDecide) {

    /** What the interval of the advantage decides. */
    public enum Verdict { PRUNING_FIRST_BETTER, FINE_TUNING_FIRST_BETTER, NOT_DECIDED }

    public static OrderEffect of(Metric metric, ExamplePredictions prunedThenFinetuned,
                                 ExamplePredictions finetunedThenPruned, Resampling settings) {
        if (prunedThenFinetuned.size() != finetunedThenPruned.size()
                || prunedThenFinetuned.getClass() != finetunedThenPruned.getClass()) {
            throw new IllegalArgumentException("the two orders must be evaluated on the same dev examples: "
                    + prunedThenFinetuned.size() + " vs " + finetunedThenPruned.size() + " examples");
        }
        double sign = metric.higherIsBetter() ? 1 : -1;
        Interval raw = Bootstrap.paired(prunedThenFinetuned.size(), e -> prunedThenFinetuned.metric(metric, e),
                e -> finetunedThenPruned.metric(metric, e), settings);
        Interval advantage = sign > 0 ? raw : new Interval(-raw.estimate(), -raw.high(), -raw.low(), raw.undefined());
        double pValue = Permutation.pValue(advantage.estimate(), random -> {
            boolean[] swapped = Permutation.swaps(prunedThenFinetuned.size(), random);
            ExamplePredictions[] mixed = swap(prunedThenFinetuned, finetunedThenPruned, swapped);
            return sign * (mixed[0].metric(metric) - mixed[1].metric(metric));
        }, Permutation.Alternative.TWO_SIDED, settings);
        OptionalLong needed = advantage.excludes(0) ? OptionalLong.empty()
                : SampleSize.examplesToDecide(advantage, 0, prunedThenFinetuned.size(), settings.level());
        return new OrderEffect(metric, advantage, pValue, needed);
    }

    public Verdict verdict() {
        return advantage.above(0) ? Verdict.PRUNING_FIRST_BETTER
                : advantage.below(0) ? Verdict.FINE_TUNING_FIRST_BETTER : Verdict.NOT_DECIDED;
    }

    /** The two models' predictions with example i exchanged where {@code swapped[i]}. */
    private static ExamplePredictions[] swap(ExamplePredictions a, ExamplePredictions b, boolean[] swapped) {
        if (a instanceof ExamplePredictions.Classes ca && b instanceof ExamplePredictions.Classes cb) {
            int[] pa = ca.predicted().clone();
            int[] pb = cb.predicted().clone();
            for (int i = 0; i < swapped.length; i++) {
                if (swapped[i]) {
                    int t = pa[i];
                    pa[i] = pb[i];
                    pb[i] = t;
                }
            }
            return new ExamplePredictions[] {new ExamplePredictions.Classes(pa, ca.gold()),
                new ExamplePredictions.Classes(pb, cb.gold())};
        }
        if (a instanceof ExamplePredictions.Scores sa && b instanceof ExamplePredictions.Scores sb) {
            double[] pa = sa.predicted().clone();
            double[] pb = sb.predicted().clone();
            for (int i = 0; i < swapped.length; i++) {
                if (swapped[i]) {
                    double t = pa[i];
                    pa[i] = pb[i];
                    pb[i] = t;
                }
            }
            return new ExamplePredictions[] {new ExamplePredictions.Scores(pa, sa.gold()),
                new ExamplePredictions.Scores(pb, sb.gold())};
        }
        if (a instanceof ExamplePredictions.Hits ha && b instanceof ExamplePredictions.Hits hb) {
            boolean[] pa = ha.correct().clone();
            boolean[] pb = hb.correct().clone();
            for (int i = 0; i < swapped.length; i++) {
                if (swapped[i]) {
                    boolean t = pa[i];
                    pa[i] = pb[i];
                    pb[i] = t;
                }
            }
            return new ExamplePredictions[] {new ExamplePredictions.Hits(pa, ha.candidates()),
                new ExamplePredictions.Hits(pb, hb.candidates())};
        }
        throw new IllegalArgumentException("before vs after fine-tuning compares downstream tasks' predictions, not "
                + a.getClass().getSimpleName());
    }
}
