package dev.headcount.metrics.prunability;

/**
 * The metric at one fraction over several seeds of a random ranking.
 *
 * @param standardDeviation sample standard deviation (n − 1 in the denominator); NaN for a single seed
 */
public record SpreadPoint(double fractionPruned, double mean, double standardDeviation, double min, double max) {
}
