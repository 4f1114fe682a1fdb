package dev.headcount.engine.training;

import dev.headcount.engine.evaluation.Evaluation;
import java.util.List;

/**
 * The outcome of a fine-tuning run.
 *
 * @param stepLosses the training loss of every optimizer step, in order (the learning curve)
 * @param evaluations every dev evaluation, in order
 * @param kept the evaluation whose weights the model ends with (the best, or the last), or null if none ran
 * @param keptStep the optimizer step of those weights
 * @param stoppedEarly whether patience ran out before the last epoch
 * @param trainingSeconds time in forward, backward and update (evaluation excluded)
 * @param examplesPerSecond training examples per second of training time
 */
public record TrainingResult(List<Double> stepLosses, List<EvaluationPoint> evaluations, EvaluationPoint kept,
                             long keptStep, boolean stoppedEarly, double trainingSeconds, double examplesPerSecond) {

    /** A dev evaluation after some optimizer step. */
    public record EvaluationPoint(int epoch, long step, Evaluation evaluation) {
    }

    public TrainingResult {
        stepLosses = List.copyOf(stepLosses);
        evaluations = List.copyOf(evaluations);
    }
}
