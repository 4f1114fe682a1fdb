package dev.headcount.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.headcount.engine.autograd.Scalars;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter; PyTorch's {@code torch.optim.AdamW}):
 * p ← p − lr·(wd·p + m̂ / (√v̂ + ε)), with m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ). Biases and LayerNorm
 * weights are not decayed, as transformers' examples group them.
 *
 * <p>The moments live in a manager the optimizer owns; every temporary of a step lives in the
 * caller's per-step manager, so native memory stays flat. Parameters are updated in place and must
 * be updated outside a gradient collector (PyTorch refuses in-place changes of leaves that require
 * a gradient while it records).
 */
public final class AdamW implements AutoCloseable {

    private final NDManager state;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private long steps;

    public AdamW(NDManager parent, double beta1, double beta2, double epsilon, double weightDecay) {
        this.state = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    public static AdamW of(NDManager parent, TrainingConfig config) {
        return new AdamW(parent, config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
    }

    /** Whether a parameter (Hugging Face name) gets weight decay: not biases, not LayerNorm weights. */
    public static boolean decays(String name) {
        return !(name.endsWith("bias") || name.contains("LayerNorm") || name.contains("layer_norm"));
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * One update of every parameter that has a gradient.
     *
     * @param parameters by name, updated in place
     * @param gradients by name, attached to {@code step}
     * @param updateMasks by name, 0 where a weight must not change (also not by decay), or absent
     * @param step the manager for this step's temporaries
     */
    public void step(Map<String, NDArray> parameters, Map<String, NDArray> gradients, double learningRate,
                     Map<String, NDArray> updateMasks, NDManager step) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        // lr·m̂/(√v̂+ε) = (lr/c1)·m / (√v/√c2 + ε)
        float stepSize = (float) (learningRate / correction1);
        float decay = (float) (learningRate * weightDecay);
        // this step's scalars, owned by PyTorch and by the step's manager (see engine.autograd.Scalars)
        NDArray b1 = Scalars.of(step, (float) beta1);
        NDArray oneMinusB1 = Scalars.of(step, (float) (1 - beta1));
        NDArray b2 = Scalars.of(step, (float) beta2);
        NDArray oneMinusB2 = Scalars.of(step, (float) (1 - beta2));
        NDArray sqrtC2 = Scalars.of(step, (float) Math.sqrt(correction2));
        NDArray eps = Scalars.of(step, (float) epsilon);
        NDArray size = Scalars.of(step, stepSize);
        NDArray decayRate = Scalars.of(step, decay);
        for (Map.Entry<String, NDArray> e : gradients.entrySet()) {
            String name = e.getKey();
            NDArray param = parameters.get(name);
            NDArray grad = e.getValue();
            NDArray[] mv = moments.computeIfAbsent(name, n -> new NDArray[] {
                    state.zeros(param.getShape(), param.getDataType()),
                    state.zeros(param.getShape(), param.getDataType())});
            NDArray m = mv[0].muli(b1).addi(grad.mul(oneMinusB1));
            NDArray v = mv[1].muli(b2).addi(grad.square().muli(oneMinusB2));
            NDArray denominator = local(v.sqrt(), step).divi(sqrtC2).addi(eps);
            NDArray update = local(m.div(denominator), step).muli(size);
            if (decay != 0 && decays(name)) {
                update.addi(local(param.mul(decayRate), step));
            }
            NDArray mask = updateMasks.get(name);
            if (mask != null) {
                update.muli(mask);
            }
            // update the storage through a detached view: a parameter that requires gradient may not be changed
            // in place while autograd is on, and PyTorch turns it on for every new thread (e.g. a service's worker)
            try (NDArray data = param.stopGradient()) {
                data.subi(update);
            }
        }
    }

    /** Moves a result computed from a long-lived array into the step's manager. */
    private static NDArray local(NDArray array, NDManager step) {
        array.attach(step);
        return array;
    }

    @Override
    public void close() {
        state.close();
    }
}
