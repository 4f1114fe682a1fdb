package dev.headcount.engine.training;

/**
 * transformers' {@code get_linear_schedule_with_warmup}: the factor rises linearly from 0 over the
 * warm-up steps, then falls linearly to 0 at the last step. {@code step} counts optimizer steps
 * already taken, as the scheduler does (so with warm-up the very first update has learning rate 0).
 */
public record LinearSchedule(double peak, long warmupSteps, long totalSteps) {

    public LinearSchedule {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("schedule needs 0 <= warm-up (" + warmupSteps + ") <= total ("
                    + totalSteps + ") and total >= 1");
        }
    }

    public static LinearSchedule of(double peak, double warmupFraction, long totalSteps) {
        return new LinearSchedule(peak, (long) Math.ceil(warmupFraction * totalSteps), totalSteps);
    }

    public double learningRate(long step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
