package dev.headcount.engine.training;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

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
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (NDArray g : gradients) {
                g.muli(scale);
            }
        }
        return norm;
    }
}
