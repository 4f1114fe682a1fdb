package dev.headcount.engine.importance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.model.AlbertMaskMode;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.RandomModels;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.ClassificationObjective;
import dev.headcount.engine.objective.ContrastiveObjective;
import dev.headcount.engine.objective.MaskedLmObjective;
import dev.headcount.engine.objective.TaskBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadImportanceEstimatorTest {

    private static final TokenBatch TOKENS = new TokenBatch(
            new long[][] {{2, 7, 9, 11, 3}, {2, 5, 3, 0, 0}, {2, 40, 41, 42, 3}},
            new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}}, null);
    private static final TaskBatch.Classification BATCH = new TaskBatch.Classification(TOKENS, new long[] {0, 1, 1});

    @Test
    void perBatchAddsEachBatchsOwnGradientOnce() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = RandomModels.model(RandomModels.config(Architecture.BERT, 2, 4, 2), 1, manager)) {
            var estimator = new HeadImportanceEstimator(Granularity.PER_BATCH, ForwardOptions.evaluation());
            ImportanceMap twice = estimator.estimate(model, new ClassificationObjective(), List.of(BATCH, BATCH), null);
            var single = GateGradient.compute(model, new ClassificationObjective(), BATCH,
                    GateGradientTest.gates(2, 4, 1f), false, ForwardOptions.evaluation());
            assertEquals(2, twice.units());
            for (int l = 0; l < 2; l++) {
                for (int h = 0; h < 4; h++) {
                    // run_bertology's un-zeroed gradient would give |g| + |2g| = 3|g| here
                    assertEquals(2 * Math.abs(single.gradient()[0][l][h]), twice.absGradientSum()[l][h], 1e-6);
                    assertEquals(Math.abs(single.gradient()[0][l][h]), twice.importance()[l][h], 1e-6);
                }
            }
            assertEquals(2 * TOKENS.realTokens(), twice.entropyTokens());
        }
    }

    @Test
    void perExampleAveragesAbsoluteGradientsOfEachExample() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = RandomModels.model(RandomModels.config(Architecture.ROBERTA, 2, 4, 2), 2, manager)) {
            var estimator = new HeadImportanceEstimator(Granularity.PER_EXAMPLE, ForwardOptions.evaluation());
            ImportanceMap map = estimator.estimate(model, new ClassificationObjective(), List.of(BATCH), null);
            var each = GateGradient.compute(model, new ClassificationObjective(), BATCH,
                    GateGradientTest.gates(2, 4, 1f), true, ForwardOptions.evaluation());
            var batch = GateGradient.compute(model, new ClassificationObjective(), BATCH,
                    GateGradientTest.gates(2, 4, 1f), false, ForwardOptions.evaluation());
            assertEquals(3, map.units());
            assertEquals(3, map.unitRows().length, "one row of |gradients| per example, kept for resampling");
            for (int l = 0; l < 2; l++) {
                for (int h = 0; h < 4; h++) {
                    double expected = 0;
                    for (int b = 0; b < 3; b++) {
                        expected += Math.abs(each.gradient()[b][l][h]);
                    }
                    assertEquals(expected / 3, map.importance()[l][h], 1e-6);
                    assertEquals(Math.abs(each.gradient()[1][l][h]), map.unitRows()[1][l * 4 + h], 0.0);
                    // E|g_x| >= |E g_x|: absolute values before averaging can only be larger
                    assertTrue(map.importance()[l][h] >= Math.abs(batch.gradient()[0][l][h]) - 1e-6);
                }
            }
        }
    }

    @Test
    void mlmCountsOnlyExamplesWithMaskedTokensAndContrastiveFallsBackToPerBatch() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = RandomModels.model(RandomModels.config(Architecture.BERT, 2, 4, 0), 3, manager)) {
            long[][] labels = {{-100, 9, -100, -100, -100}, {-100, -100, -100, -100, -100}, {-100, 7, 8, -100, -100}};
            var mlm = new TaskBatch.MaskedLm(TOKENS, labels);
            var estimator = new HeadImportanceEstimator(Granularity.PER_EXAMPLE, ForwardOptions.evaluation());
            ImportanceMap map = estimator.estimate(model, new MaskedLmObjective(), List.of(mlm), null);
            assertEquals(2, map.units(), "the row without masked tokens has no loss");
            var pairs = new TaskBatch.Pairs(TOKENS, TOKENS);
            ImportanceMap contrastive = estimator.estimate(model, new ContrastiveObjective(), List.of(pairs), null);
            assertEquals(Granularity.PER_BATCH, contrastive.granularity());
            assertEquals(1, contrastive.units());
            assertTrue(contrastive.importance()[0][0] > 0);
        }
    }

    @Test
    void albertInHfModeHasImportanceOnlyInRowZero() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = RandomModels.model(RandomModels.config(Architecture.ALBERT, 4, 4, 2), 4, manager)) {
            var hf = new HeadImportanceEstimator(Granularity.PER_EXAMPLE,
                    ForwardOptions.evaluation().withAlbertMaskMode(AlbertMaskMode.HF));
            double[][] hfMap = hf.estimate(model, new ClassificationObjective(), List.of(BATCH), null).importance();
            var perPass = new HeadImportanceEstimator(Granularity.PER_EXAMPLE, ForwardOptions.evaluation());
            double[][] passMap = perPass.estimate(model, new ClassificationObjective(), List.of(BATCH), null).importance();
            for (int l = 1; l < 4; l++) {
                assertArrayEquals(new double[4], hfMap[l], 0.0, "row " + l + " is ignored by transformers' ALBERT");
                assertTrue(passMap[l][0] > 0, "each pass has its own gate in per-pass mode");
            }
            assertTrue(hfMap[0][0] > 0);
        }
    }

    @Test
    void sameInputsGiveTheSameMapBitForBit() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = RandomModels.model(RandomModels.config(Architecture.ROBERTA, 3, 4, 2), 9, manager)) {
            var estimator = new HeadImportanceEstimator(Granularity.PER_EXAMPLE, ForwardOptions.evaluation());
            ImportanceMap first = estimator.estimate(model, new ClassificationObjective(), List.of(BATCH, BATCH), null);
            for (int run = 0; run < 5; run++) {
                ImportanceMap again = estimator.estimate(model, new ClassificationObjective(), List.of(BATCH, BATCH), null);
                for (int l = 0; l < 3; l++) {
                    assertArrayEquals(first.absGradientSum()[l], again.absGradientSum()[l], 0.0, "run " + run);
                }
            }
        }
    }

    @Test
    void normalizationFollowsRunBertology() {
        double[][] raw = {{1, 2}, {2, 4}, {0, 0}};
        double[][] l2 = new Normalization(true, false).apply(raw);
        assertEquals(1 / Math.sqrt(5), l2[0][0], 1e-12);
        assertEquals(2 / Math.sqrt(20), l2[1][0], 1e-12);
        assertEquals(0, l2[2][1], 0.0, "an all-zero layer stays zero (the +1e-20)");
        double[][] both = Normalization.DEFAULT.apply(raw);
        assertArrayEquals(new double[] {0.5, 1}, both[0], 1e-12);
        assertArrayEquals(new double[] {0, 0}, both[2], 1e-12);
        double[][] minMax = new Normalization(false, true).apply(raw);
        assertArrayEquals(new double[] {0.5, 1}, minMax[1], 1e-12);
    }
}
