package dev.headcount.events;

import java.util.List;

/**
 * Fine-tuning hyper-parameters, the same for every fine-tuning of an experiment (full and pruned models).
 *
 * @param epochs       default 3
 * @param learningRate peak learning rate, default 2e-5
 * @param batchSize    default 32
 * @param maxLength    tokens per example, default 128
 * @param warmupRatio  fraction of steps with linear warm-up, in [0, 1) (the schedule needs a decay phase), default 0.1
 * @param weightDecay  AdamW decoupled weight decay, default 0.01
 */
public record FineTuneOptions(Integer epochs, Double learningRate, Integer batchSize, Integer maxLength,
                              Double warmupRatio, Double weightDecay) {
    public static final FineTuneOptions DEFAULTS = new FineTuneOptions(3, 2e-5, 32, 128, 0.1, 0.01);

    public FineTuneOptions {
        epochs = epochs == null ? Integer.valueOf(3) : epochs;
        learningRate = learningRate == null ? Double.valueOf(2e-5) : learningRate;
        batchSize = batchSize == null ? Integer.valueOf(32) : batchSize;
        maxLength = maxLength == null ? Integer.valueOf(128) : maxLength;
        warmupRatio = warmupRatio == null ? Double.valueOf(0.1) : warmupRatio;
        weightDecay = weightDecay == null ? Double.valueOf(0.01) : weightDecay;
    }

    void check(List<String> problems) {
        if (epochs <= 0) {
            problems.add("fineTuning.epochs must be > 0, was " + epochs);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            problems.add("fineTuning.learningRate must be in (0, 1), was " + learningRate);
        }
        if (batchSize <= 0) {
            problems.add("fineTuning.batchSize must be > 0, was " + batchSize);
        }
        if (maxLength < 8 || maxLength > 512) {
            problems.add("fineTuning.maxLength must be in [8, 512], was " + maxLength);
        }
        if (!(warmupRatio >= 0 && warmupRatio < 1)) {
            problems.add("fineTuning.warmupRatio must be in [0, 1), was " + warmupRatio);
        }
        if (!(weightDecay >= 0)) {
            problems.add("fineTuning.weightDecay must be >= 0, was " + weightDecay);
        }
    }
}
