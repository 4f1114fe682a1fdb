package dev.headcount.engine.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.RandomModels;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.ClassificationObjective;
import dev.headcount.engine.objective.LossResult;
import dev.headcount.engine.objective.Objective;
import dev.headcount.engine.objective.TaskBatch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GateGradientTest {

    private static final TokenBatch TOKENS = new TokenBatch(
            new long[][] {{2, 7, 9, 11, 3}, {2, 5, 3, 0, 0}, {2, 40, 41, 42, 3}},
            new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}},
            null);
    private static final TaskBatch BATCH = new TaskBatch.Classification(TOKENS, new long[] {0, 1, 1});

    @Test
    void gateGradientMatchesFiniteDifferences() throws Exception {
        for (Architecture arch : Architecture.values()) {
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel model = RandomModels.model(RandomModels.config(arch, 3, 4, 2), 7, manager)) {
                Objective objective = new ClassificationObjective();
                float[][] gates = gates(3, 4, 1f);
                gates[1][2] = 0.5f; // gradients at a non-trivial mask too
                GateGradient.Result r = GateGradient.compute(model, objective, BATCH, gates, false,
                        ForwardOptions.evaluation());
                float eps = 1e-2f;
                for (int l = 0; l < 3; l++) {
                    for (int h = 0; h < 4; h++) {
                        float[][] plus = copy(gates);
                        float[][] minus = copy(gates);
                        plus[l][h] += eps;
                        minus[l][h] -= eps;
                        double fd = (loss(model, objective, plus) - loss(model, objective, minus)) / (2 * eps);
                        double analytic = r.gradient()[0][l][h];
                        assertEquals(fd, analytic, 2e-3 + 2e-2 * Math.abs(fd),
                                arch + " layer " + l + " head " + h);
                    }
                }
            }
        }
    }

    @Test
    void perExampleGradientsAddUpToTheBatchGradient() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = RandomModels.model(RandomModels.config(Architecture.BERT, 3, 4, 2), 3, manager)) {
            Objective objective = new ClassificationObjective();
            float[][] ones = gates(3, 4, 1f);
            var batch = GateGradient.compute(model, objective, BATCH, ones, false, ForwardOptions.evaluation());
            var each = GateGradient.compute(model, objective, BATCH, ones, true, ForwardOptions.evaluation());
            assertEquals(3, each.gradient().length);
            boolean differ = false;
            for (int l = 0; l < 3; l++) {
                for (int h = 0; h < 4; h++) {
                    double sum = 0;
                    for (int b = 0; b < 3; b++) {
                        sum += each.gradient()[b][l][h];
                    }
                    // mean loss = (1/B) Σ per-example losses
                    assertEquals(batch.gradient()[0][l][h], sum / 3, 1e-5);
                    differ |= Math.abs(each.gradient()[0][l][h] - each.gradient()[1][l][h]) > 1e-4;
                }
            }
            assertTrue(differ, "examples should have their own gradients");
        }
    }

    private static double loss(EncoderModel model, Objective objective, float[][] gateValues) {
        try (NDManager m = model.newBatchManager()) {
            var gates = m.create(flatten(gateValues), new ai.djl.ndarray.types.Shape(1, gateValues.length,
                    gateValues[0].length));
            LossResult r = objective.loss(model, m, BATCH, gates, ForwardOptions.evaluation());
            return r.mean().getFloat();
        }
    }

    static float[][] gates(int passes, int heads, float value) {
        float[][] g = new float[passes][heads];
        for (float[] row : g) {
            Arrays.fill(row, value);
        }
        return g;
    }

    private static float[][] copy(float[][] g) {
        float[][] c = new float[g.length][];
        for (int i = 0; i < g.length; i++) {
            c[i] = g[i].clone();
        }
        return c;
    }

    private static float[] flatten(float[][] g) {
        float[] f = new float[g.length * g[0].length];
        for (int i = 0; i < g.length; i++) {
            System.arraycopy(g[i], 0, f, i * g[0].length, g[0].length);
        }
        return f;
    }
}
