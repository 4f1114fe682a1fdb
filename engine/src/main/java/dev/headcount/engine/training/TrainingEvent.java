package dev.headcount.engine.training;

import dev.headcount.metrics.Metric;
import java.util.Map;

/**
 * What a fine-tuning run reports as it goes.
 *
 * @param step optimizer steps taken so far
 * @param examples training examples seen so far (over all epochs)
 * @param loss STEP: the mean training loss of the step's micro-batches; EVALUATION: the dev loss
 * @param examplesPerSecond training throughput since the run started (evaluation time excluded)
 * @param devMetrics the task's dev metrics (EVALUATION only; empty otherwise)
 * @param improved EVALUATION: the primary metric is the best so far
 */
public record TrainingEvent(Kind kind, int epoch, int epochs, long step, long totalSteps, long examples,
                            double loss, double learningRate, double examplesPerSecond,
                            Map<Metric, Double> devMetrics, boolean improved) {

    public enum Kind { STEP, EVALUATION }

    public TrainingEvent {
        devMetrics = Map.copyOf(devMetrics);
    }
}
