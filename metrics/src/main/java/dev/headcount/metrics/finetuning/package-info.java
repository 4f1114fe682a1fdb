/**
 * Before vs after fine-tuning: is a model pruned before fine-tuning (task-agnostically, by
 * pre-training importance) as good as one fine-tuned first and pruned afterwards?
 */
package dev.headcount.metrics.finetuning;
