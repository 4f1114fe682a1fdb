package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/** y = x Wᵀ + b with W stored [out, in], as PyTorch's {@code nn.Linear}. The result lives with x. */
public record LinearLayer(NDArray weight, NDArray bias) {

    static LinearLayer of(Parameters p, String module) {
        return new LinearLayer(p.get(HfNames.weight(module)), p.get(HfNames.bias(module)));
    }

    public NDArray apply(NDArray x) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }
}
