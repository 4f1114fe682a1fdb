/**
 * Prunability: how a task metric falls as more heads are masked, least important first by one
 * ranking (the importance of some task, or random with several seeds as the baseline).
 */
package dev.headcount.metrics.prunability;
