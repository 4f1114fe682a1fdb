package dev.headcount.events;

import java.util.List;

/**
 * The shape of a fine-tuning run, small enough to travel in an event (full curves are in the artifact).
 *
 * @param steps             optimiser steps taken
 * @param epochs            epochs completed
 * @param trainLossPerEpoch mean training loss of each epoch
 * @param devMetricPerEpoch the primary dev metric after each epoch
 * @param bestEpoch         epoch (from 1) with the best dev metric; its checkpoint is the artifact
 * @param seconds           wall-clock seconds
 */
public record CurveSummary(int steps, int epochs, List<Double> trainLossPerEpoch, List<Double> devMetricPerEpoch,
                           int bestEpoch, double seconds) {
    public CurveSummary {
        trainLossPerEpoch = RequiredFields.list(trainLossPerEpoch);
        devMetricPerEpoch = RequiredFields.list(devMetricPerEpoch);
    }
}
