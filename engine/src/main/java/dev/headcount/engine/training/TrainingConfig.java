package dev.headcount.engine.training;

/**
 * How to fine-tune. Defaults follow transformers' Trainer where it has one.
 *
 * @param batchSize examples per forward/backward pass (micro-batch)
 * @param gradientAccumulation micro-batches per optimizer step
 * @param maxLength tokens per example after truncation
 * @param warmupFraction share of the optimizer steps over which the learning rate rises linearly from 0
 * @param maxGradNorm clip the global gradient norm to this; 0 or less turns clipping off
 * @param evalEverySteps also evaluate every this many optimizer steps; 0 = only after each epoch
 * @param patience stop after this many evaluations without improvement; 0 = never stop early
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        int gradientAccumulation,
        int maxLength,
        double learningRate,
        double weightDecay,
        double warmupFraction,
        double beta1,
        double beta2,
        double epsilon,
        double maxGradNorm,
        int evalEverySteps,
        KeepPolicy keep,
        int patience,
        long seed) {

    public TrainingConfig {
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        require(gradientAccumulation >= 1, "gradient accumulation must be at least 1, got " + gradientAccumulation);
        require(maxLength >= 8, "max length must be at least 8 tokens, got " + maxLength);
        require(learningRate > 0, "learning rate must be positive, got " + learningRate);
        require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        require(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must be in [0, 1), got " + warmupFraction);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1)");
        require(epsilon > 0, "Adam epsilon must be positive, got " + epsilon);
        require(evalEverySteps >= 0, "eval-every must be >= 0, got " + evalEverySteps);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        if (keep == null) {
            keep = KeepPolicy.BEST;
        }
    }

    /** transformers' defaults (lr 5e-5, decay 0.01 here as commonly used for GLUE, warm-up 10 %, clip 1). */
    public static TrainingConfig defaults() {
        return new TrainingConfig(3, 32, 1, 128, 5e-5, 0.01, 0.1, 0.9, 0.999, 1e-8, 1.0, 0, KeepPolicy.BEST, 0, 42);
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batchSize, gradientAccumulation, maxLength, learningRate, weightDecay,
                warmupFraction, beta1, beta2, epsilon, maxGradNorm, evalEverySteps, keep, patience, seed);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(epochs, batchSize, gradientAccumulation, maxLength, value, weightDecay,
                warmupFraction, beta1, beta2, epsilon, maxGradNorm, evalEverySteps, keep, patience, seed);
    }

    public TrainingConfig withWarmupFraction(double value) {
        return new TrainingConfig(epochs, batchSize, gradientAccumulation, maxLength, learningRate, weightDecay,
                value, beta1, beta2, epsilon, maxGradNorm, evalEverySteps, keep, patience, seed);
    }

    public TrainingConfig withGradientAccumulation(int value) {
        return new TrainingConfig(epochs, batchSize, value, maxLength, learningRate, weightDecay,
                warmupFraction, beta1, beta2, epsilon, maxGradNorm, evalEverySteps, keep, patience, seed);
    }

    public TrainingConfig withKeep(KeepPolicy value, int newPatience) {
        return new TrainingConfig(epochs, batchSize, gradientAccumulation, maxLength, learningRate, weightDecay,
                warmupFraction, beta1, beta2, epsilon, maxGradNorm, evalEverySteps, value, newPatience, seed);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batchSize, gradientAccumulation, maxLength, learningRate, weightDecay,
                warmupFraction, beta1, beta2, epsilon, maxGradNorm, evalEverySteps, keep, patience, value);
    }

    /** Optimizer steps for a number of micro-batches per epoch (a partial accumulation at an epoch's end steps too). */
    public long totalSteps(int batchesPerEpoch) {
        return (long) epochs * ((batchesPerEpoch + gradientAccumulation - 1) / gradientAccumulation);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
