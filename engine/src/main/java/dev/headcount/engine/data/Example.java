package dev.headcount.engine.data;

import java.util.Objects;

/**
 * One input: textB is null for single-text tasks, label is -1 when the task has no classes,
 * target is NaN unless the task is a regression.
 */
public record Example(String textA, String textB, int label, double target) {
    public static final int NO_LABEL = -1;

    public Example {
        Objects.requireNonNull(textA, "textA");
    }

    public static Example single(String text, int label) {
        return new Example(text, null, label, Double.NaN);
    }

    public static Example pair(String textA, String textB, int label) {
        return new Example(textA, Objects.requireNonNull(textB, "textB"), label, Double.NaN);
    }

    public static Example regression(String textA, String textB, double target) {
        return new Example(textA, textB, NO_LABEL, target);
    }

    public static Example text(String text) {
        return new Example(text, null, NO_LABEL, Double.NaN);
    }

    public static Example textPair(String first, String second) {
        return new Example(first, Objects.requireNonNull(second, "textB"), NO_LABEL, Double.NaN);
    }

    public boolean isPair() {
        return textB != null;
    }
}
