/**
 * Before vs after fine-tuning: is a model pruned before fine-tuning (task-agnostically, by
 * pre-training importance) as good as one fine-tuned first and pruned afterwards? Differences are
 * summed up per metric ({@link dev.headcount.metrics.finetuning.AdvantageByMetric}), and
 * {@link dev.headcount.metrics.finetuning.OrderEffect} gives one cell's paired interval and p-value.
 */
package dev.headcount.metrics.finetuning;
