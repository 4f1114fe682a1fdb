/**
 * {@code headcount simulate}: how long an experiment would take with more GPU workers. Unit durations come from a
 * run's {@code report.json} ({@link dev.headcount.cli.simulate.RecordedRun}) or from rates measured on the spot;
 * {@link dev.headcount.events.WorkSchedule} schedules them and {@link dev.headcount.cli.simulate.Simulation} prints
 * the makespans, speed-ups and the critical path.
 */
package dev.headcount.cli.simulate;
