package dev.headcount.metrics.finetuning;

import dev.headcount.metrics.Metric;

/**
 * One downstream task at one fraction of heads pruned; a value not measured (yet) is NaN.
 *
 * @param finetuned the unpruned model fine-tuned on the task
 * @param finetunedThenPrunedByTask {@code finetuned}, then pruned by the task's own importance
 * @param finetunedThenPrunedByPretraining {@code finetuned}, then pruned by pre-training (masked LM) importance
 * @param prunedThenFinetuned pruned by pre-training importance first, then fine-tuned on the task
 */
public record FineTuningComparisonRow(String task, Metric metric, double fractionPruned, double finetuned,
                                      double finetunedThenPrunedByTask, double finetunedThenPrunedByPretraining,
                                      double prunedThenFinetuned) {

    /** Signed metric differences (value − reference); whether positive is good depends on {@link Metric#higherIsBetter()}. */
    public double finetunedThenPrunedByTaskChange() {
        return finetunedThenPrunedByTask - finetuned;
    }

    public double finetunedThenPrunedByPretrainingChange() {
        return finetunedThenPrunedByPretraining - finetuned;
    }

    public double prunedThenFinetunedChange() {
        return prunedThenFinetuned - finetuned;
    }

    /**
     * Same heads removed, order swapped: pruned-then-fine-tuned minus fine-tuned-then-pruned, both by
     * pre-training importance. What fine-tuning recovers when it happens after pruning.
     */
    public double pruningFirstAdvantage() {
        return prunedThenFinetuned - finetunedThenPrunedByPretraining;
    }
}
