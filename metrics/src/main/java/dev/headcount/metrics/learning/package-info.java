/**
 * Did a fine-tuned model learn its task? Its dev metric, with a bootstrap interval over dev examples,
 * against the task's trivial baseline ({@link dev.headcount.metrics.ExamplePredictions#chanceLevel}).
 * Findings (coherence, before vs after fine-tuning) use only models that learned.
 */
package dev.headcount.metrics.learning;
