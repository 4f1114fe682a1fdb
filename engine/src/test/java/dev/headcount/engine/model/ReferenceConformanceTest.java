package dev.headcount.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.importance.Inspection;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.engine.testing.AttentionEntropy;
import dev.headcount.engine.testing.FloatDtype;
import dev.headcount.engine.testing.HeadMaskMode;
import dev.headcount.engine.testing.ReferenceEncoder;
import dev.headcount.engine.testing.ReferenceForward;
import dev.headcount.engine.testing.ReferenceInputs;
import dev.headcount.engine.testing.SampleBatches;
import dev.headcount.engine.testing.TiedDecoder;
import dev.headcount.engine.testing.TinyCheckpoint;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DJL encoder against the double-precision reference written from transformers' semantics,
 * on tiny checkpoints in every layout headcount must read.
 */
class ReferenceConformanceTest {

    private static final double TOLERANCE = 2e-4;

    @TempDir
    Path dir;

    static Stream<Arguments> checkpoints() {
        List<Arguments> out = new ArrayList<>();
        for (TinyHead head : TinyHead.values()) {
            out.add(Arguments.of("bert " + head, TinySpec.bert(head)));
            out.add(Arguments.of("roberta " + head, TinySpec.roberta(head)));
            out.add(Arguments.of("albert " + head, TinySpec.albert(head)));
        }
        out.add(Arguments.of("bert mlm tied duplicated + position_ids",
                TinySpec.bert(TinyHead.MASKED_LM).withTiedDecoder(TiedDecoder.DUPLICATED).withPositionIdsBuffer(true)
                        .withDecoderBiasDuplicate(true)));
        out.add(Arguments.of("roberta mlm f16", TinySpec.roberta(TinyHead.MASKED_LM).withDtype(FloatDtype.F16)));
        out.add(Arguments.of("albert mlm bf16 duplicated", TinySpec.albert(TinyHead.MASKED_LM).withDtype(FloatDtype.BF16)
                .withTiedDecoder(TiedDecoder.DUPLICATED)));
        out.add(Arguments.of("bert regression", TinySpec.bert(TinyHead.SEQUENCE_CLASSIFICATION).withNumLabels(1)));
        out.add(Arguments.of("albert gelu relu", TinySpec.albert(TinyHead.SEQUENCE_CLASSIFICATION)
                .withHiddenAct(Activation.RELU)));
        out.add(Arguments.of("bert gelu_new", TinySpec.bert(TinyHead.MASKED_LM).withHiddenAct(Activation.GELU_NEW)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkpoints")
    void matchesTheReference(String name, TinySpec spec) throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir.resolve("model"), spec);
        ReferenceInputs inputs = SampleBatches.padded(spec);
        ReferenceEncoder reference = ckpt.reference();
        int passes = ckpt.config().numLayers();
        int heads = ckpt.config().numHeads();
        double[][] mask = new double[passes][heads];
        for (int l = 0; l < passes; l++) {
            for (int h = 0; h < heads; h++) {
                mask[l][h] = (l * heads + h) % 3 == 0 ? 0.0 : 1.0 - 0.1 * h;
            }
        }
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(ckpt.directory(), manager)) {
            TokenBatch tokens = new TokenBatch(inputs.inputIds(), inputs.attentionMask(), inputs.tokenTypeIds());
            List<HeadMaskMode> modes = spec.architecture() == Architecture.ALBERT
                    ? List.of(HeadMaskMode.PER_PASS, HeadMaskMode.HF) : List.of(HeadMaskMode.PER_PASS);
            for (HeadMaskMode mode : modes) {
                ReferenceForward expected = reference.forward(inputs, mask, mode);
                AlbertMaskMode ours = mode == HeadMaskMode.HF ? AlbertMaskMode.HF : AlbertMaskMode.PER_PASS;
                try (NDManager m = model.newBatchManager()) {
                    NDArray gates = m.create(toFloat(mask), new Shape(1, passes, heads));
                    EncoderOutput out = model.encode(m, tokens, gates,
                            ForwardOptions.evaluation().withAlbertMaskMode(ours).withAttentionEntropy(true));
                    String what = name + " " + mode;
                    assertClose(expected.embeddingOutput(), out.embeddingOutput(), what + " embedding output");
                    assertClose(expected.lastHiddenState(), out.lastHiddenState(), what + " last hidden state");
                    double[][] entropy = AttentionEntropy.perHead(expected);
                    for (int l = 0; l < passes; l++) {
                        for (int h = 0; h < heads; h++) {
                            assertEquals(entropy[l][h], out.attentionEntropy()[l][h], 1e-3, what + " entropy");
                        }
                    }
                    if (spec.head() == TinyHead.MASKED_LM) {
                        assertClose(reference.maskedLmLogits(expected),
                                model.requireMlmHead().logits(out.lastHiddenState()), what + " MLM logits");
                    }
                    if (spec.head() == TinyHead.SEQUENCE_CLASSIFICATION) {
                        assertClose(new double[][][] {reference.classificationLogits(expected)},
                                model.requireClassifier().logits(out, false).expandDims(0),
                                what + " classification logits");
                    }
                    if (spec.head() == TinyHead.BASE) {
                        assertClose(new double[][][] {ReferenceEncoder.sentenceEmbeddings(expected)},
                                SentenceEmbedding.embed(out.lastHiddenState(), out.attentionMask()).expandDims(0),
                                what + " sentence embeddings");
                    }
                }
            }
        }
    }

    private static float[] toFloat(double[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                f[i * m[0].length + j] = (float) m[i][j];
            }
        }
        return f;
    }

    static void assertClose(double[][][] expected, NDArray actual, String what) {
        float[] a = actual.toFloatArray();
        int i = 0;
        double worst = 0;
        for (double[][] plane : expected) {
            for (double[] row : plane) {
                for (double v : row) {
                    worst = Math.max(worst, Math.abs(v - a[i++]));
                }
            }
        }
        assertEquals(i, a.length, what + ": element count");
        assertTrue(worst < TOLERANCE, what + ": max abs difference " + worst);
    }
}
