/**
 * From result events to the report's statistics: coherence of importance maps, pruning curves and their
 * prunability with intervals, the before/after fine-tuning table, and {@link dev.headcount.report.aggregation.Completion}
 * (what the plan expects against what arrived, counted by {@link dev.headcount.report.aggregation.ResultIds}).
 */
package dev.headcount.report.aggregation;
