package dev.headcount.engine.model;

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

    /** The name written back to config.json. */
    public String hfName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
