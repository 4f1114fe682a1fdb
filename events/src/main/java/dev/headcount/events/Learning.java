package dev.headcount.events;

/**
 * Whether a fine-tuned model learned its task: its dev metric against the trivial baseline of the
 * task (majority class; the mean predictor for regression; one in-batch candidate at random for
 * retrieval), with a 95 % percentile bootstrap interval over the dev examples. A model whose
 * interval does not clear the baseline did not learn: its importance map and its before/after rows
 * are shown but kept out of the findings.
 *
 * @param metric   the task's primary metric id, e.g. {@code mcc}
 * @param value    the metric on all dev examples (the kept epoch)
 * @param baseline the trivial baseline's score on the same examples
 * @param ciLow    lower end of the interval
 * @param ciHigh   upper end of the interval
 * @param learned  the whole interval is on the good side of the baseline
 * @param reason   why the check could not decide, or null
 */
public record Learning(String metric, double value, double baseline, double ciLow, double ciHigh, boolean learned,
                       String reason) {
}
