package dev.headcount.engine.autograd;

import java.util.function.IntFunction;

/** Checks that refuse NaN and infinities with a message naming the step and the tensor. */
public final class Finite {

    private Finite() {
    }

    /** @param what names the number, e.g. "loss of step 17 (epoch 1, batch 33)" */
    public static float check(float value, String what) {
        if (!Float.isFinite(value)) {
            throw new NonFiniteException(what + " is " + value);
        }
        return value;
    }

    public static double check(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteException(what + " is " + value);
        }
        return value;
    }

    /**
     * @param tensor names the array, e.g. "gate gradient of batch 3"
     * @param position names an element by its flat index, e.g. i -> "[example 2, pass 0, head 5]"
     */
    public static float[] check(float[] values, String tensor, IntFunction<String> position) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                int bad = 0;
                for (float v : values) {
                    bad += Float.isFinite(v) ? 0 : 1;
                }
                throw new NonFiniteException(tensor + " is " + values[i] + " at " + position.apply(i)
                        + " (" + bad + " of " + values.length + " values not finite)");
            }
        }
        return values;
    }

    public static double[][] check(double[][] values, String what, String rowName, String columnName) {
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[r].length; c++) {
                if (!Double.isFinite(values[r][c])) {
                    throw new NonFiniteException(what + " is " + values[r][c] + " at " + rowName + " " + r + ", "
                            + columnName + " " + c);
                }
            }
        }
        return values;
    }
}
