package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import dev.headcount.engine.autograd.Scalars;
import java.util.Locale;

/** Hidden activations as Hugging Face names them in {@code hidden_act}. */
public enum Activation {
    /** Exact GELU, x * Phi(x) with the error function (BERT, RoBERTa). */
    GELU,
    /** Tanh approximation of GELU (ALBERT; Google's original BERT graph). */
    GELU_NEW,
    RELU;

    public static Activation fromName(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_NEW;
            case "relu" -> RELU;
            default -> throw new IllegalArgumentException(
                    "unsupported hidden_act '" + name + "' (supported: gelu, gelu_new, gelu_pytorch_tanh, relu)");
        };
    }

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    public NDArray apply(NDArray x) {
        return switch (this) {
            // torch.nn.functional.gelu with approximate='none', the erf form
            case GELU -> ai.djl.nn.Activation.gelu(x);
            // transformers' NewGELUActivation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            // (no in-place ops: autograd needs tanh's output; scalars from Scalars, see engine.autograd)
            case GELU_NEW -> geluTanh(x);
            case RELU -> ai.djl.nn.Activation.relu(x);
        };
    }

    private static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(Scalars.mul(Scalars.pow(x, 3f), 0.044715f).add(x), SQRT_2_OVER_PI);
        return Scalars.mul(Scalars.add(inner.tanh(), 1f).mul(x), 0.5f);
    }

    /** The name written back to config.json. */
    public String hfName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
