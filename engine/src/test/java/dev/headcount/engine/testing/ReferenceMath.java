package dev.headcount.engine.testing;

import dev.headcount.engine.model.Activation;

/** The scalar and vector operations of the reference forward pass, in double precision. */
public final class ReferenceMath {

    /**
     * {@code torch.finfo(torch.float32).min}: transformers' extended attention mask adds
     * {@code (1 - mask) * min} to the scores ({@code ModuleUtilsMixin.get_extended_attention_mask}).
     */
    public static final double FLOAT32_MOST_NEGATIVE = -3.4028234663852886e38;

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_TWO = Math.sqrt(2);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

    private ReferenceMath() {
    }

    /**
     * The error function, absolute error below 1e-15.
     *
     * <p>Below |x| = 3: erf(x) = 2/√π · e^{-x²} · Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1)) (Abramowitz &amp;
     * Stegun 7.1.6), whose terms are all positive, so nothing cancels. From 3 on: 1 - erfc(x), with
     * erfc from its continued fraction (A&amp;S 7.1.14), which converges fast there and keeps erfc's
     * relative accuracy, so erf stays monotone and never exceeds 1.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double magnitude = a < 3 ? erfSeries(a) : 1 - erfcContinuedFraction(a);
        return Math.copySign(magnitude, x);
    }

    private static double erfSeries(double a) {
        double twoASquared = 2 * a * a;
        double term = a;
        double sum = a;
        for (int n = 1; term > sum * 1e-17; n++) {
            term *= twoASquared / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum;
    }

    /** erfc(a) = e^{-a²}/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))), evaluated from the tail; for a ≥ 3. */
    private static double erfcContinuedFraction(double a) {
        double tail = a;
        for (int k = 120; k >= 1; k--) {
            tail = a + (k / 2.0) / tail;
        }
        return Math.exp(-a * a) / (Math.sqrt(Math.PI) * tail);
    }

    /** Exact GELU, transformers' {@code GELUActivation}: x·Φ(x) = 0.5·x·(1 + erf(x/√2)). */
    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / SQRT_TWO));
    }

    /** transformers' {@code NewGELUActivation} ({@code gelu_new}): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    public static double geluNew(double x) {
        return 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x)));
    }

    public static double relu(double x) {
        return Math.max(0, x);
    }

    public static double activate(Activation activation, double x) {
        return switch (activation) {
            case GELU -> gelu(x);
            case GELU_NEW -> geluNew(x);
            case RELU -> relu(x);
        };
    }

    public static double[] activate(Activation activation, double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = activate(activation, x[i]);
        }
        return out;
    }

    /** {@code torch.nn.Linear}: y = x·Wᵀ + b with W stored [out, in]. */
    public static double[] linear(double[] x, double[][] weight, double[] bias) {
        double[] y = new double[weight.length];
        for (int o = 0; o < weight.length; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += weight[o][i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    /** {@code torch.nn.LayerNorm} over the last dimension: biased variance, eps inside the square root. */
    public static double[] layerNorm(double[] x, double[] gamma, double[] beta, double eps) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double variance = 0;
        for (double v : x) {
            variance += (v - mean) * (v - mean);
        }
        variance /= x.length;
        double scale = 1 / Math.sqrt(variance + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) * scale * gamma[i] + beta[i];
        }
        return y;
    }

    /** Softmax, shifted by the maximum so that masked scores near -3.4e38 underflow to exactly 0. */
    public static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    public static double[] tanh(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.tanh(x[i]);
        }
        return out;
    }
}
