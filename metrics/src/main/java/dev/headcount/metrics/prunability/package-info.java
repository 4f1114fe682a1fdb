/**
 * Prunability: how a task metric falls as more heads are masked, least important first by one
 * ranking (the importance of some task, or random with several seeds as the baseline). Retention is
 * measured above the task's chance level; {@link dev.headcount.metrics.prunability.CurveUncertainty}
 * adds bootstrap intervals from the per-example predictions at every fraction.
 */
package dev.headcount.metrics.prunability;
