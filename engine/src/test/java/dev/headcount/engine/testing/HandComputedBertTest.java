package dev.headcount.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 1-layer, 1-head BERT with hidden size 2, worked by hand.
 *
 * <p>With two features, LayerNorm reduces to a closed form: for x = [a, b], d = (a - b) / 2, the
 * normalised vector is [n(d), -n(d)] with n(d) = d / √(d² + eps). eps = 1 keeps n smooth (with a tiny
 * eps every LayerNorm would just output ±1). Activation relu, identity Q/K/attention-output/FFN weights,
 * value bias [0.5, 0], output LayerNorm gamma [2, 1] and beta [0.5, 0]; everything else 0 or 1.
 *
 * <p>Tokens: id 0 at position 0 and id 1 at position 1. words = [[1, 0], [0, 2]], positions =
 * [[0, 0], [1, 0]], so the embedding sums are [1, 0] (d = 0.5) and [1, 2] (d = -0.5), and the
 * embeddings are e0 = [u, -u], e1 = [-u, u] with u = n(0.5) = 1/√5.
 * <ul>
 *   <li>Scores q·k/√2: e0·e0 = 2u² = 0.4, e0·e1 = -0.4, so p00 = p11 = a = σ(0.8/√2) and p01 = p10 = 1 - a.
 *   <li>Values v0 = [u + 0.5, -u], v1 = [-u + 0.5, u]; contexts c0 = [0.5 + w, -w], c1 = [0.5 - w, w]
 *       with w = u·(2a - 1).
 *   <li>Attention sublayer: e0 + c0 = [u + 0.5 + w, -u - w], d = u + w + 0.25 → [n0, -n0];
 *       e1 + c1 has d = -u - w + 0.25 → [n1, -n1] (n1 &lt; 0).
 *   <li>FFN = relu: token 0 gives [n0, 0], residual [2·n0, -n0], d = 1.5·n0; token 1 gives [0, -n1],
 *       residual [n1, -2·n1], d = 1.5·n1. Output = [2·n(d) + 0.5, -n(d)].
 * </ul>
 * With attention mask [1, 0] both queries see only key 0 (p = 1): token 0's residual is e0 + v0 with
 * d = 2u + 0.25; token 1's is e1 + v0 = [0.5, 0] with d = 0.25.
 */
class HandComputedBertTest {

    private static final double EPS = 1.0;
    private static final double U = 1 / Math.sqrt(5);

    private static double n(double d) {
        return d / Math.sqrt(d * d + EPS);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The output row for a residual whose two-feature half-difference after the attention LayerNorm is n. */
    private static double[] outputFromAttentionNorm(double attentionN) {
        double d = 1.5 * attentionN; // both relu branches give a residual with half-difference 1.5·n
        return new double[] {2 * n(d) + 0.5, -n(d)};
    }

    @Test
    void fullAttentionMatchesTheHandDerivation() {
        ReferenceForward f = encoder().forward(ReferenceInputs.of(new long[][] {{0, 1}}));
        double a = sigmoid(0.8 / Math.sqrt(2));
        double w = U * (2 * a - 1);

        assertRow(new double[] {U, -U}, f.embeddingOutput()[0][0]);
        assertRow(new double[] {-U, U}, f.embeddingOutput()[0][1]);
        assertRow(new double[] {a, 1 - a}, f.attentionProbs(0)[0][0][0]);
        assertRow(new double[] {1 - a, a}, f.attentionProbs(0)[0][0][1]);
        double n0 = n(U + w + 0.25);
        double n1 = n(-U - w + 0.25);
        assertRow(new double[] {n0, -n0}, f.passes().get(0).attentionOutput()[0][0]);
        assertRow(new double[] {n1, -n1}, f.passes().get(0).attentionOutput()[0][1]);
        assertRow(outputFromAttentionNorm(n0), f.lastHiddenState()[0][0]);
        assertRow(outputFromAttentionNorm(n1), f.lastHiddenState()[0][1]);
    }

    @Test
    void paddedKeyGetsNoAttentionFromAnyQuery() {
        ReferenceForward f = encoder().forward(ReferenceInputs.of(new long[][] {{0, 1}}, new long[][] {{1, 0}}));
        assertRow(new double[] {1, 0}, f.attentionProbs(0)[0][0][0]);
        assertRow(new double[] {1, 0}, f.attentionProbs(0)[0][0][1]);
        assertRow(outputFromAttentionNorm(n(2 * U + 0.25)), f.lastHiddenState()[0][0]);
        assertRow(outputFromAttentionNorm(n(0.25)), f.lastHiddenState()[0][1]);
    }

    private static void assertRow(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-14, "feature " + i);
        }
    }

    private static ReferenceEncoder encoder() {
        ModelConfig config = new ModelConfig(Architecture.BERT, 2, 2, 2, 1, 1, 2, Activation.RELU, (float) EPS,
                2, 1, 0, 1, 1, 0f, 0f, 0, null);
        Map<String, HostTensor> w = new HashMap<>();
        w.put("bert.embeddings.word_embeddings.weight", matrix(1, 0, 0, 2));
        w.put("bert.embeddings.position_embeddings.weight", matrix(0, 0, 1, 0));
        w.put("bert.embeddings.token_type_embeddings.weight", new HostTensor(new long[] {1, 2}, new float[] {0, 0}));
        w.put("bert.embeddings.LayerNorm.weight", vector(1, 1));
        w.put("bert.embeddings.LayerNorm.bias", vector(0, 0));
        String p = "bert.encoder.layer.0.";
        identity(w, p + "attention.self.query");
        identity(w, p + "attention.self.key");
        identity(w, p + "attention.self.value");
        w.put(p + "attention.self.value.bias", vector(0.5f, 0));
        identity(w, p + "attention.output.dense");
        w.put(p + "attention.output.LayerNorm.weight", vector(1, 1));
        w.put(p + "attention.output.LayerNorm.bias", vector(0, 0));
        identity(w, p + "intermediate.dense");
        identity(w, p + "output.dense");
        w.put(p + "output.LayerNorm.weight", vector(2, 1));
        w.put(p + "output.LayerNorm.bias", vector(0.5f, 0));
        return new ReferenceEncoder(config, w);
    }

    private static void identity(Map<String, HostTensor> w, String name) {
        w.put(name + ".weight", matrix(1, 0, 0, 1));
        w.put(name + ".bias", vector(0, 0));
    }

    private static HostTensor matrix(float a, float b, float c, float d) {
        return new HostTensor(new long[] {2, 2}, new float[] {a, b, c, d});
    }

    private static HostTensor vector(float a, float b) {
        return new HostTensor(new long[] {2}, new float[] {a, b});
    }
}
