package dev.headcount.engine.training;

import ai.djl.ndarray.NDArray;
import dev.headcount.engine.autograd.Finite;
import dev.headcount.engine.autograd.NonFiniteException;
import dev.headcount.engine.autograd.Scalars;
import java.util.Collection;
import java.util.Map;

/** PyTorch's {@code clip_grad_norm_}: scale every gradient by max/(norm + 1e-6) when the global L2 norm exceeds max. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** The global L2 norm over all gradients. */
    public static double globalNorm(Collection<NDArray> gradients) {
        double sumOfSquares = 0;
        for (NDArray g : gradients) {
            try (NDArray s = g.square().sum()) {
                sumOfSquares += s.getFloat();
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales the gradients in place if needed.
     *
     * @return the norm before clipping
     */
    public static double clip(Collection<NDArray> gradients, double maxNorm) {
        double norm = globalNorm(gradients);
        scale(gradients, norm, maxNorm);
        return norm;
    }

    /**
     * As {@link #clip(Collection, double)}, but a non-finite norm stops training: the message names
     * the step and the first parameter whose gradient is not finite (the update would spread NaN
     * into every weight).
     */
    public static double clip(Map<String, NDArray> gradients, double maxNorm, String where) {
        double norm = globalNorm(gradients.values());
        if (!Double.isFinite(norm)) {
            gradients.forEach((name, g) -> {
                try (NDArray s = g.square().sum()) {
                    Finite.check(s.getFloat(), "gradient of " + name + " (squared norm) at " + where);
                }
            });
            // each part finite but the sum overflowed
            throw new NonFiniteException("global gradient norm at " + where + " is " + norm);
        }
        scale(gradients.values(), norm, maxNorm);
        return norm;
    }

    private static void scale(Collection<NDArray> gradients, double norm, double maxNorm) {
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = (float) (maxNorm / (norm + 1e-6));
            for (NDArray g : gradients) {
                Scalars.muli(g, scale);
            }
        }
    }
}
