/**
 * Resampling over examples, the one implementation every interval and p-value of the report uses:
 * seeded percentile bootstrap ({@link dev.headcount.metrics.resampling.Bootstrap}, also paired and
 * over two independent samples), permutation p-values with the +1 correction
 * ({@link dev.headcount.metrics.resampling.Permutation}), and how many examples would decide an
 * undecided comparison ({@link dev.headcount.metrics.resampling.SampleSize}).
 *
 * <p>Everything is seeded ({@link dev.headcount.metrics.resampling.Resampling}): the same data and
 * settings give the same interval on every run and machine.
 */
package dev.headcount.metrics.resampling;
