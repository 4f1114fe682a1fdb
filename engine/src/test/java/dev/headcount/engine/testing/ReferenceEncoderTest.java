package dev.headcount.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReferenceEncoderTest {

    private static TinySpec spec(Architecture architecture, TinyHead head) {
        return switch (architecture) {
            case BERT -> TinySpec.bert(head);
            case ROBERTA -> TinySpec.roberta(head);
            case ALBERT -> TinySpec.albert(head);
        };
    }

    private static ReferenceEncoder encoder(TinySpec spec) {
        return new ReferenceEncoder(TinyCheckpoints.modelConfig(spec), TinyCheckpoints.tensors(spec));
    }

    // ---- positions -------------------------------------------------------------------------------

    @Test
    void robertaPositionsCountRealTokensFromPadPlusOneAndPadsGetPad() {
        ReferenceEncoder roberta = encoder(TinySpec.roberta(TinyHead.MASKED_LM));
        assertArrayEquals(new long[] {2, 3, 4, 5, 1, 1}, roberta.positionIds(new long[][] {{0, 5, 6, 2, 1, 1}})[0]);
        ReferenceForward f = roberta.forward(SampleBatches.padded(TinySpec.roberta(TinyHead.MASKED_LM)));
        assertArrayEquals(new long[] {2, 3, 4, 5, 6, 1, 1}, f.positionIds()[1]);
    }

    @Test
    void bertAndAlbertPositionsCountFromZeroWhateverTheTokens() {
        long[][] ids = {{0, 5, 6, 2, 0, 0}};
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, encoder(TinySpec.bert(TinyHead.MASKED_LM)).positionIds(ids)[0]);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, encoder(TinySpec.albert(TinyHead.MASKED_LM)).positionIds(ids)[0]);
    }

    // ---- head mask -------------------------------------------------------------------------------

    @Test
    void zeroGatesOnEveryHeadLeaveTheAttentionSublayerAsLayerNormOfInputPlusOutputBias() {
        TinySpec spec = TinySpec.bert(TinyHead.MASKED_LM);
        Map<String, HostTensor> w = TinyCheckpoints.tensors(spec);
        double[][] mask = ones(3, 4);
        mask[1] = new double[4];
        ReferenceForward f = encoder(spec).forward(SampleBatches.padded(spec), mask, HeadMaskMode.PER_PASS);
        ReferenceForward.PassTrace pass = f.passes().get(1);
        String p = "bert.encoder.layer.1.attention.output.";
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 7; t++) {
                double[] expected = ReferenceMath.layerNorm(
                        ReferenceMath.add(pass.input()[b][t], doubles(w.get(p + "dense.bias"))),
                        doubles(w.get(p + "LayerNorm.weight")), doubles(w.get(p + "LayerNorm.bias")), 0.02f);
                assertArrayEquals(expected, pass.attentionOutput()[b][t], 1e-12);
            }
        }
        assertArrayEquals(new double[] {0, 0, 0, 0}, pass.headGates(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void allOnesHeadMaskChangesNothing(Architecture architecture) {
        TinySpec spec = spec(architecture, TinyHead.MASKED_LM);
        ReferenceEncoder encoder = encoder(spec);
        ReferenceInputs inputs = SampleBatches.padded(spec);
        double[][][] plain = encoder.maskedLmLogits(encoder.forward(inputs));
        double[][][] gated = encoder.maskedLmLogits(encoder.forward(inputs,
                ones(spec.sizes().numLayers(), 4), HeadMaskMode.HF));
        assertEquals(0.0, maxDifference(plain, gated), 0.0);
    }

    @Test
    void albertHfModeAppliesRowZeroToEveryPassAndIgnoresTheOtherRows() {
        TinySpec spec = TinySpec.albert(TinyHead.MASKED_LM);
        ReferenceEncoder encoder = encoder(spec);
        ReferenceInputs inputs = SampleBatches.padded(spec);
        double[][] mask = randomGates(4, 4, 1);
        double[][] otherRows = randomGates(4, 4, 2);
        otherRows[0] = mask[0].clone();

        ReferenceForward hf = encoder.forward(inputs, mask, HeadMaskMode.HF);
        double[][][] hfLogits = encoder.maskedLmLogits(hf);
        assertEquals(List.of(0, 0, 0, 0), hf.passes().stream().map(ReferenceForward.PassTrace::headMaskRow).toList());
        assertEquals(0.0, maxDifference(hfLogits,
                encoder.maskedLmLogits(encoder.forward(inputs, otherRows, HeadMaskMode.HF))), 0.0);
        double[][] rowZeroEverywhere = {mask[0], mask[0], mask[0], mask[0]};
        assertEquals(0.0, maxDifference(hfLogits,
                encoder.maskedLmLogits(encoder.forward(inputs, rowZeroEverywhere, HeadMaskMode.PER_PASS))), 0.0);

        double[][][] perPass = encoder.maskedLmLogits(encoder.forward(inputs, mask, HeadMaskMode.PER_PASS));
        double[][][] perPassOtherRows = encoder.maskedLmLogits(encoder.forward(inputs, otherRows, HeadMaskMode.PER_PASS));
        assertTrue(maxDifference(perPass, perPassOtherRows) > 1e-3, "PER_PASS must respond to rows 1..");
    }

    @Test
    void albertHfModeWithTwoGroupsUsesTheFirstRowOfEachGroup() {
        TinySpec spec = TinySpec.albert(TinyHead.MASKED_LM).withSizes(TinySizes.albert().withNumHiddenGroups(2));
        ReferenceForward f = encoder(spec).forward(SampleBatches.padded(spec), randomGates(4, 4, 3), HeadMaskMode.HF);
        assertEquals(List.of(0, 0, 2, 2), f.passes().stream().map(ReferenceForward.PassTrace::headMaskRow).toList());
        assertEquals(List.of(0, 0, 1, 1), f.passes().stream().map(ReferenceForward.PassTrace::weightLayer).toList());
    }

    @Test
    void physicallyPrunedHeadsEqualZeroGates() {
        TinySpec spec = TinySpec.bert(TinyHead.MASKED_LM);
        ModelConfig config = TinyCheckpoints.modelConfig(spec);
        Map<String, HostTensor> w = new LinkedHashMap<>(TinyCheckpoints.tensors(spec));
        int[] kept = {0, 2};
        String p = "bert.encoder.layer.1.attention.";
        for (String m : List.of("self.query", "self.key", "self.value")) {
            w.put(p + m + ".weight", keepRows(w.get(p + m + ".weight"), kept, 4));
            w.put(p + m + ".bias", keepRows(w.get(p + m + ".bias"), kept, 4));
        }
        w.put(p + "output.dense.weight", keepRows(w.get(p + "output.dense.weight").transpose2d(), kept, 4).transpose2d());
        ReferenceEncoder pruned = new ReferenceEncoder(config.withPrunedHeads(Map.of(1, Set.of(1, 3))), w);

        ReferenceInputs inputs = SampleBatches.padded(spec);
        double[][] mask = ones(3, 4);
        mask[1][1] = 0;
        mask[1][3] = 0;
        ReferenceEncoder full = encoder(spec);
        ReferenceForward prunedForward = pruned.forward(inputs);
        assertTrue(maxDifference(full.maskedLmLogits(full.forward(inputs, mask, HeadMaskMode.PER_PASS)),
                pruned.maskedLmLogits(prunedForward)) < 1e-12);
        assertEquals(null, prunedForward.attentionProbs(1)[0][1]);
    }

    // ---- layouts and padding ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void tiedDecoderOmittedOrDuplicatedGivesIdenticalLogits(Architecture architecture) {
        TinySpec omitted = spec(architecture, TinyHead.MASKED_LM);
        TinySpec duplicated = omitted.withTiedDecoder(TiedDecoder.DUPLICATED).withDecoderBiasDuplicate(true);
        ReferenceInputs inputs = SampleBatches.padded(omitted);
        ReferenceEncoder a = encoder(omitted);
        ReferenceEncoder b = encoder(duplicated);
        assertEquals(0.0, maxDifference(a.maskedLmLogits(a.forward(inputs)), b.maskedLmLogits(b.forward(inputs))), 0.0);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void paddingDoesNotChangeRealTokensAndRowsAreIndependent(Architecture architecture) {
        TinySpec spec = spec(architecture, TinyHead.MASKED_LM);
        ReferenceEncoder encoder = encoder(spec);
        ReferenceInputs batch = SampleBatches.padded(spec);
        ReferenceForward batched = encoder.forward(batch);
        long[] ids = java.util.Arrays.copyOf(batch.inputIds()[1], 5);
        long[] types = java.util.Arrays.copyOf(batch.tokenTypeIds()[1], 5);
        ReferenceForward alone = encoder.forward(ReferenceInputs.of(new long[][] {ids}, null, new long[][] {types}));
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(alone.lastHiddenState()[0][t], batched.lastHiddenState()[1][t], 1e-12);
        }
        assertArrayEquals(ReferenceEncoder.sentenceEmbeddings(alone)[0], ReferenceEncoder.sentenceEmbeddings(batched)[1],
                1e-12);
        ReferenceForward firstRow = encoder.forward(ReferenceInputs.of(new long[][] {batch.inputIds()[0]}, null,
                new long[][] {batch.tokenTypeIds()[0]}));
        assertArrayEquals(firstRow.lastHiddenState()[0][6], batched.lastHiddenState()[0][6], 1e-12);
    }

    // ---- the fixtures expose mistakes ------------------------------------------------------------

    @Test
    void commonMistakesChangeOutputsVisibly() {
        TinySpec bert = TinySpec.bert(TinyHead.MASKED_LM);
        ReferenceInputs inputs = SampleBatches.padded(bert);
        double[][][] right = logits(encoder(bert), inputs);
        double wrongEps = maxDifference(right, logits(encoder(bert.withLayerNormEps(1e-12)), inputs));
        double wrongGelu = maxDifference(right, logits(encoder(bert.withHiddenAct(Activation.GELU_NEW)), inputs));
        Map<String, HostTensor> transposed = new LinkedHashMap<>(TinyCheckpoints.tensors(bert));
        String query = "bert.encoder.layer.0.attention.self.query.weight";
        transposed.put(query, transposed.get(query).transpose2d());
        double wrongTranspose = maxDifference(right,
                logits(new ReferenceEncoder(TinyCheckpoints.modelConfig(bert), transposed), inputs));

        TinySpec roberta = TinySpec.roberta(TinyHead.MASKED_LM);
        ReferenceInputs robertaInputs = SampleBatches.padded(roberta);
        ReferenceEncoder robertaEncoder = encoder(roberta);
        long[][] bertStylePositions = {{0, 1, 2, 3, 4, 5, 6}, {0, 1, 2, 3, 4, 5, 6}};
        double wrongPositions = maxDifference(logits(robertaEncoder, robertaInputs),
                logits(robertaEncoder, robertaInputs.withPositionIds(bertStylePositions)));

        TinySpec albert = TinySpec.albert(TinyHead.MASKED_LM);
        ReferenceInputs albertInputs = SampleBatches.padded(albert);
        double wrongMlmEps = maxDifference(logits(encoder(albert), albertInputs),
                logits(encoder(albert).withAlbertMlmLayerNormEps(albert.layerNormEps()), albertInputs));

        String report = "eps " + wrongEps + ", gelu " + wrongGelu + ", transpose " + wrongTranspose
                + ", positions " + wrongPositions + ", ALBERT MLM eps " + wrongMlmEps;
        for (double d : new double[] {wrongEps, wrongGelu, wrongTranspose, wrongPositions, wrongMlmEps}) {
            assertTrue(d > 1e-3, report);
        }
    }

    private static double[][][] logits(ReferenceEncoder encoder, ReferenceInputs inputs) {
        return encoder.maskedLmLogits(encoder.forward(inputs));
    }

    // ---- heads -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void classifierAndRegressionHeadsProduceOneRowPerExample(Architecture architecture) {
        TinySpec classifier = spec(architecture, TinyHead.SEQUENCE_CLASSIFICATION);
        ReferenceInputs inputs = SampleBatches.padded(classifier);
        ReferenceEncoder encoder = encoder(classifier);
        double[][] logits = encoder.classificationLogits(encoder.forward(inputs));
        assertEquals(2, logits.length);
        assertEquals(2, logits[0].length);
        assertTrue(Math.abs(logits[0][0] - logits[1][0]) > 1e-3);
        double loss = ReferenceLosses.crossEntropy(logits, new long[] {1, 0});
        assertEquals((ReferenceLosses.negativeLogLikelihood(logits[0], 1)
                + ReferenceLosses.negativeLogLikelihood(logits[1], 0)) / 2, loss, 1e-15);

        TinySpec regression = classifier.withNumLabels(1);
        ReferenceEncoder regressor = encoder(regression);
        double[][] predictions = regressor.classificationLogits(regressor.forward(inputs));
        assertEquals(1, predictions[0].length);
        double d0 = predictions[0][0] - 0.5;
        double d1 = predictions[1][0] + 1;
        assertEquals((d0 * d0 + d1 * d1) / 2, ReferenceLosses.meanSquaredError(predictions, new double[] {0.5, -1}),
                1e-15);
    }

    @Test
    void sentenceEmbeddingsAreUnitVectors() {
        TinySpec spec = TinySpec.bert(TinyHead.BASE);
        ReferenceEncoder encoder = encoder(spec);
        assertEquals("", encoder.prefix());
        for (double[] e : ReferenceEncoder.sentenceEmbeddings(encoder.forward(SampleBatches.padded(spec)))) {
            double norm = 0;
            for (double v : e) {
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-12);
        }
    }

    // ---- losses and entropy ----------------------------------------------------------------------

    @Test
    void maskedLmLossAveragesOverLabelledPositionsOnly() {
        double[][][] logits = {{{0, 0, 0}, {5, 1, -2}, {2, 2, 0}}};
        long[][] labels = {{1, -100, 0}};
        double expected = (Math.log(3) + (Math.log(2 * Math.exp(2) + 1) - 2)) / 2;
        assertEquals(expected, ReferenceLosses.maskedLm(logits, labels), 1e-15);
        assertTrue(Double.isNaN(ReferenceLosses.maskedLm(logits, new long[][] {{-100, -100, -100}})));
    }

    @Test
    void entropySumsOverUnmaskedQueriesAndTreatsZeroProbabilityAsZero() {
        double[][] uniform = {{0.25, 0.25, 0.25, 0.25}, {0.25, 0.25, 0.25, 0.25}, {0.5, 0.5, 0, 0}, {1, 0, 0, 0}};
        double[][][][] probs = {{uniform, uniform}};
        ReferenceInputs inputs = ReferenceInputs.of(new long[][] {{1, 2, 3, 4}}, new long[][] {{1, 1, 1, 0}});
        ReferenceForward.PassTrace pass = new ReferenceForward.PassTrace(0, -1, new double[] {1, 1}, null, probs,
                null, new double[1][4][2]);
        double[][] entropy = AttentionEntropy.perHead(new ReferenceForward(inputs, null, null, List.of(pass)));
        assertArrayEquals(new double[] {2 * Math.log(4) + Math.log(2), 2 * Math.log(4) + Math.log(2)}, entropy[0],
                1e-15);
    }

    @Test
    void entropyOfATinyModelIsBetweenZeroAndLogOfTheKeyCount() {
        TinySpec spec = TinySpec.roberta(TinyHead.MASKED_LM);
        double[][] entropy = AttentionEntropy.perHead(encoder(spec).forward(SampleBatches.padded(spec)));
        int queries = 7 + 5;
        for (double[] layer : entropy) {
            for (double e : layer) {
                assertTrue(e > 0 && e < queries * Math.log(7), "entropy " + e);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static double[][] ones(int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            java.util.Arrays.fill(r, 1);
        }
        return m;
    }

    private static double[][] randomGates(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            for (int i = 0; i < cols; i++) {
                r[i] = random.nextDouble();
            }
        }
        return m;
    }

    private static double[] doubles(HostTensor t) {
        double[] out = new double[t.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.data()[i];
        }
        return out;
    }

    /** Keeps the rows of the given heads (rows are head-major blocks of size rows/heads). */
    private static HostTensor keepRows(HostTensor t, int[] heads, int numHeads) {
        int rows = (int) t.shape()[0];
        int cols = t.shape().length == 2 ? (int) t.shape()[1] : 1;
        int block = rows / numHeads;
        float[] out = new float[heads.length * block * cols];
        int k = 0;
        for (int head : heads) {
            System.arraycopy(t.data(), head * block * cols, out, k, block * cols);
            k += block * cols;
        }
        long[] shape = t.shape().clone();
        shape[0] = (long) heads.length * block;
        return new HostTensor(shape, out);
    }

    private static double maxDifference(double[][][] a, double[][][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                for (int k = 0; k < a[i][j].length; k++) {
                    max = Math.max(max, Math.abs(a[i][j][k] - b[i][j][k]));
                }
            }
        }
        return max;
    }
}
