/**
 * Handing out work: after the report-service's consumer has aggregated an event into MongoDB, the units of work
 * ({@code WorkRequested}, on the work topics) that the event makes ready, from the planner
 * {@link dev.headcount.events.WorkPlan}: the units that need nothing when the experiment is requested, then the units
 * whose last need an {@code ImportanceMapCompleted}, {@code ModelFineTuned} or {@code PrunedModelReady} fulfils, with
 * "done" judged from what MongoDB holds. {@link dev.headcount.report.dispatch.Handouts} and
 * {@link dev.headcount.report.dispatch.StoredResults} decide (pure); {@link dev.headcount.report.dispatch.Dispatcher}
 * reads MongoDB and publishes.
 */
package dev.headcount.report.dispatch;
