package dev.headcount.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadId;
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
import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.Metric;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task metrics of a masked model, against the same metrics computed from the reference's outputs by hand. */
class EvaluatorTest {

    @Test
    void classificationMetricsUnderAMaskMatchTheReference(@TempDir Path dir) throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.roberta(TinyHead.SEQUENCE_CLASSIFICATION));
        ReferenceInputs in = SampleBatches.padded(ckpt.spec());
        long[] labels = {1, 0};
        HeadMask mask = HeadMask.without(ckpt.config().numLayers(), ckpt.config().numHeads(),
                List.of(new HeadId(0, 1), new HeadId(2, 3)));
        double[][] maskValues = new double[mask.passes()][mask.heads()];
        for (int l = 0; l < mask.passes(); l++) {
            for (int h = 0; h < mask.heads(); h++) {
                maskValues[l][h] = mask.values()[l][h];
            }
        }
        ReferenceEncoder reference = ckpt.reference();
        double[][] logits = reference.classificationLogits(reference.forward(in, maskValues, HeadMaskMode.PER_PASS));
        int correct = 0;
        int[] predictions = new int[2];
        for (int b = 0; b < 2; b++) {
            int predicted = logits[b][1] > logits[b][0] ? 1 : 0;
            predictions[b] = predicted;
            correct += predicted == labels[b] ? 1 : 0;
        }
        TaskSpec spec = new TaskSpec("tiny", TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("a", "b"),
                List.of(Metric.ACCURACY), 16, "tiny", "none");
        var batch = new TaskBatch.Classification(
                new TokenBatch(in.inputIds(), in.attentionMask(), in.tokenTypeIds()), labels);
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(ckpt.directory(), manager)) {
            Evaluation e = new Evaluator().evaluate(model, spec, List.of(batch), mask, null);
            assertEquals(correct / 2.0, e.metric(Metric.ACCURACY), 1e-12);
            assertEquals(ReferenceLosses.crossEntropy(logits, labels), e.loss(), 1e-4);
            assertEquals(2, e.examples());
            // what each example got, for resampling
            ExamplePredictions.Classes classes = (ExamplePredictions.Classes) e.predictions();
            org.junit.jupiter.api.Assertions.assertArrayEquals(predictions, classes.predicted());
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 0}, classes.gold());
        }
    }

    @Test
    void maskedLmLossAndAccuracyMatchTheReference(@TempDir Path dir) throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.albert(TinyHead.MASKED_LM));
        ReferenceInputs in = SampleBatches.padded(ckpt.spec());
        long[][] labels = {{-100, 17, -100, 25, -100, -100, 4}, {-100, -100, 6, -100, -100, -100, -100}};
        ReferenceEncoder reference = ckpt.reference();
        double[][][] logits = reference.maskedLmLogits(reference.forward(in));
        int correct = 0;
        int total = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < labels[b].length; t++) {
                if (labels[b][t] == -100) {
                    continue;
                }
                int best = 0;
                for (int v = 1; v < logits[b][t].length; v++) {
                    best = logits[b][t][v] > logits[b][t][best] ? v : best;
                }
                correct += best == labels[b][t] ? 1 : 0;
                total++;
            }
        }
        TaskSpec spec = new TaskSpec("text", TaskKind.MLM_TEXT, List.of(),
                List.of(Metric.MLM_LOSS, Metric.MLM_ACCURACY, Metric.PERPLEXITY), 16, "tiny", "none");
        var batch = new TaskBatch.MaskedLm(new TokenBatch(in.inputIds(), in.attentionMask(), in.tokenTypeIds()), labels);
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(ckpt.directory(), manager)) {
            Evaluation e = new Evaluator().evaluate(model, spec, List.of(batch), null, null);
            double loss = ReferenceLosses.maskedLm(logits, labels);
            assertEquals(loss, e.metric(Metric.MLM_LOSS), 1e-4);
            assertEquals(Math.exp(loss), e.metric(Metric.PERPLEXITY), 1e-3);
            assertEquals(correct / (double) total, e.metric(Metric.MLM_ACCURACY), 1e-12);
            // per example: its masked tokens (row 0 has 3, row 1 one), how many were predicted, their loss sum
            ExamplePredictions.MaskedTokens tokens = (ExamplePredictions.MaskedTokens) e.predictions();
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 1}, tokens.tokens());
            int hits = 0;
            double lossSum = 0;
            for (int row = 0; row < 2; row++) {
                hits += tokens.correct()[row];
                lossSum += tokens.lossSums()[row];
            }
            assertEquals(correct, hits);
            assertEquals(loss, lossSum / total, 1e-4);
        }
    }
}
