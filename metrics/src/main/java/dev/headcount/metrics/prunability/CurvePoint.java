package dev.headcount.metrics.prunability;

/** The metric of one evaluated task with {@code fractionPruned} of all heads masked. */
public record CurvePoint(double fractionPruned, double value) {
}
