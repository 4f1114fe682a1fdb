package dev.headcount.engine.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.model.AlbertMaskMode;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.engine.testing.HeadMaskMode;
import dev.headcount.engine.testing.ReferenceEncoder;
import dev.headcount.engine.testing.ReferenceInputs;
import dev.headcount.engine.testing.ReferenceLosses;
import dev.headcount.engine.testing.SampleBatches;
import dev.headcount.engine.testing.TinyCheckpoint;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed gate gradient against central finite differences of the double-precision reference's
 * loss: an independent implementation, differentiated numerically.
 */
class InspectionTest {

    private static final long[][] MLM_LABELS = {{-100, 12, -100, 7, -100, -100, -100}, {-100, -100, 30, -100, -100, -100, -100}};

    @Test
    void mlmGateGradientMatchesFiniteDifferencesOfTheReference(@TempDir Path dir) throws Exception {
        for (TinySpec spec : new TinySpec[] {TinySpec.bert(TinyHead.MASKED_LM), TinySpec.roberta(TinyHead.MASKED_LM),
                TinySpec.albert(TinyHead.MASKED_LM)}) {
            for (HeadMaskMode mode : spec.architecture().name().equals("ALBERT")
                    ? new HeadMaskMode[] {HeadMaskMode.PER_PASS, HeadMaskMode.HF} : new HeadMaskMode[] {HeadMaskMode.PER_PASS}) {
                TinyCheckpoint ckpt = TinyCheckpoints.write(dir.resolve(spec.architecture() + "-" + mode), spec);
                check(ckpt, mode);
            }
        }
    }

    private static void check(TinyCheckpoint ckpt, HeadMaskMode mode) throws Exception {
        ReferenceInputs inputs = SampleBatches.padded(ckpt.spec());
        ReferenceEncoder reference = ckpt.reference();
        int passes = ckpt.config().numLayers();
        int heads = ckpt.config().numHeads();
        double[][] gates = new double[passes][heads];
        for (double[] row : gates) {
            java.util.Arrays.fill(row, 1.0);
        }
        gates[0][1] = 0.0;
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(ckpt.directory(), manager)) {
            float[][] mask = new float[passes][heads];
            for (int l = 0; l < passes; l++) {
                for (int h = 0; h < heads; h++) {
                    mask[l][h] = (float) gates[l][h];
                }
            }
            ForwardOptions options = ForwardOptions.evaluation()
                    .withAlbertMaskMode(mode == HeadMaskMode.HF ? AlbertMaskMode.HF : AlbertMaskMode.PER_PASS);
            Inspection.Result r = Inspection.run(model, new Inspection.Request(
                    new TokenBatch(inputs.inputIds(), inputs.attentionMask(), inputs.tokenTypeIds()),
                    Inspection.Head.MLM, MLM_LABELS, null, new int[][] {{0, 1}, {1, 2}}, new HeadMask(mask), options));
            double loss = referenceLoss(reference, inputs, gates, mode);
            assertEquals(loss, r.loss(), 1e-4, "loss");
            double eps = 1e-5;
            for (int l = 0; l < passes; l++) {
                for (int h = 0; h < heads; h++) {
                    double keep = gates[l][h];
                    gates[l][h] = keep + eps;
                    double plus = referenceLoss(reference, inputs, gates, mode);
                    gates[l][h] = keep - eps;
                    double minus = referenceLoss(reference, inputs, gates, mode);
                    gates[l][h] = keep;
                    double fd = (plus - minus) / (2 * eps);
                    assertEquals(fd, r.headGateGradient()[l][h], 1e-4 + 1e-3 * Math.abs(fd),
                            ckpt.spec().architecture() + " " + mode + " gate [" + l + "][" + h + "]");
                }
            }
            double[][][] logits = reference.maskedLmLogits(reference.forward(inputs, gates, mode));
            for (int v = 0; v < logits[0][0].length; v++) {
                assertEquals(logits[0][1][v], r.logits()[0][v], 2e-4);
                assertEquals(logits[1][2][v], r.logits()[1][v], 2e-4);
            }
        }
    }

    private static double referenceLoss(ReferenceEncoder reference, ReferenceInputs inputs, double[][] gates,
                                        HeadMaskMode mode) {
        return ReferenceLosses.maskedLm(reference.maskedLmLogits(reference.forward(inputs, gates, mode)), MLM_LABELS);
    }
}
