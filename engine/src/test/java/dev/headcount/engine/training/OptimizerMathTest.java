package dev.headcount.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerMathTest {

    @Test
    void adamWMatchesTheClosedFormWithBiasCorrectionAndDecoupledDecay() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 0.1;
        double[] lr = {0.01, 0.02};
        double[][] grads = {{0.5, -0.1}, {-0.3, 0.2}};
        double[] p = {1.0, -2.0};
        double[] bias = {0.5, 0.25};
        double[] m = new double[2];
        double[] v = new double[2];
        double[] mb = new double[2];
        double[] vb = new double[2];
        try (NDManager manager = NDManager.newBaseManager();
             AdamW adam = new AdamW(manager, b1, b2, eps, wd)) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            NDArray biasParam = manager.create(new float[] {0.5f, 0.25f});
            for (int t = 1; t <= 2; t++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray g = step.create(new float[] {(float) grads[t - 1][0], (float) grads[t - 1][1]});
                    NDArray gb = step.create(new float[] {(float) grads[t - 1][0], (float) grads[t - 1][1]});
                    adam.step(Map.of("l.weight", weight, "l.bias", biasParam), Map.of("l.weight", g, "l.bias", gb),
                            lr[t - 1], Map.of(), step);
                }
                for (int i = 0; i < 2; i++) {
                    double g = grads[t - 1][i];
                    // torch.optim.AdamW: decay first, then the bias-corrected Adam step
                    p[i] = p[i] * (1 - lr[t - 1] * wd);
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    p[i] -= lr[t - 1] * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                    mb[i] = b1 * mb[i] + (1 - b1) * g;
                    vb[i] = b2 * vb[i] + (1 - b2) * g * g;
                    bias[i] -= lr[t - 1] * (mb[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(vb[i] / (1 - Math.pow(b2, t))) + eps);
                }
            }
            float[] got = weight.toFloatArray();
            float[] gotBias = biasParam.toFloatArray();
            for (int i = 0; i < 2; i++) {
                assertEquals(p[i], got[i], 1e-6, "weight " + i);
                assertEquals(bias[i], gotBias[i], 1e-6, "bias " + i + " (not decayed)");
            }
            assertEquals(2, adam.steps());
        }
    }

    @Test
    void biasesAndLayerNormsAreNotDecayed() {
        assertTrue(AdamW.decays("bert.encoder.layer.0.attention.self.query.weight"));
        assertTrue(AdamW.decays("classifier.weight"));
        assertFalse(AdamW.decays("bert.encoder.layer.0.attention.self.query.bias"));
        assertFalse(AdamW.decays("bert.embeddings.LayerNorm.weight"));
        assertFalse(AdamW.decays("lm_head.layer_norm.weight"));
        assertFalse(AdamW.decays("cls.predictions.bias"));
    }

    @Test
    void linearScheduleWarmsUpThenDecaysToZero() {
        LinearSchedule s = LinearSchedule.of(1e-4, 0.1, 100);
        assertEquals(10, s.warmupSteps());
        assertEquals(0.0, s.learningRate(0), 1e-15);
        assertEquals(5e-5, s.learningRate(5), 1e-15);
        assertEquals(1e-4, s.learningRate(10), 1e-15);
        assertEquals(5e-5, s.learningRate(55), 1e-15);
        assertEquals(1e-4 / 90, s.learningRate(99), 1e-15);
        assertEquals(0.0, s.learningRate(100), 1e-15);
        assertEquals(1e-4, LinearSchedule.of(1e-4, 0, 10).learningRate(0), 1e-15);
    }

    @Test
    void clippingScalesByTheGlobalNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {3f, 0f});
            NDArray b = manager.create(new float[] {0f, 4f});
            double norm = GradientClipping.clip(List.of(a, b), 1.0);
            assertEquals(5.0, norm, 1e-6);
            assertEquals(0.6, a.toFloatArray()[0], 1e-5);
            assertEquals(0.8, b.toFloatArray()[1], 1e-5);
            assertEquals(1.0, GradientClipping.globalNorm(List.of(a, b)), 1e-5);
            NDArray c = manager.create(new float[] {0.3f, 0.4f});
            assertEquals(0.5, GradientClipping.clip(List.of(c), 1.0), 1e-6);
            assertEquals(0.3f, c.toFloatArray()[0], 0f, "below the limit: unchanged");
        }
    }
}
