package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/** LayerNorm over the last axis with its own epsilon. */
public record Norm(NDArray gamma, NDArray beta, float eps) {

    static Norm of(Parameters p, String module, float eps) {
        return new Norm(p.get(HfNames.weight(module)), p.get(HfNames.bias(module)), eps);
    }

    public NDArray apply(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, eps).singletonOrThrow();
    }
}
