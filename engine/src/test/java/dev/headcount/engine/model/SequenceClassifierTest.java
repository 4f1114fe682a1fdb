package dev.headcount.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.training.HeadInitializer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which pooling a classification head uses, and that mean pooling computes what its definition says. */
class SequenceClassifierTest {

    private static final TokenBatch TOKENS = new TokenBatch(
            new long[][] {{2, 7, 9, 11, 3}, {2, 5, 3, 0, 0}},
            new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}}, null);

    @Test
    void aBertCheckpointWithoutPoolerClassifiesTheMeanOfItsRealTokens() throws Exception {
        ModelConfig config = RandomModels.config(Architecture.BERT, 2, 4, 3);
        Map<String, HostTensor> tensors = withoutPooler(RandomModels.tensors(config, 5), config);
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.fromTensors(config, tensors, null, manager, "no pooler")) {
            assertEquals(SequenceClassifier.Pooling.MEAN, model.requireClassifier().pooling());
            try (NDManager m = model.newBatchManager()) {
                EncoderOutput out = model.encode(m, TOKENS, null, ForwardOptions.evaluation());
                float[] hidden = out.lastHiddenState().toFloatArray();
                float[] logits = model.requireClassifier().logits(out, false).toFloatArray();
                HostTensor w = tensors.get("classifier.weight");
                HostTensor b = tensors.get("classifier.bias");
                int h = config.hiddenSize();
                int t = TOKENS.length();
                for (int row = 0; row < 2; row++) {
                    double[] mean = new double[h];
                    int real = 0;
                    for (int i = 0; i < t; i++) {
                        if (TOKENS.attentionMask()[row][i] == 0) {
                            continue;
                        }
                        real++;
                        for (int k = 0; k < h; k++) {
                            mean[k] += hidden[(row * t + i) * h + k];
                        }
                    }
                    for (int c = 0; c < 3; c++) {
                        double expected = b.data()[c];
                        for (int k = 0; k < h; k++) {
                            expected += w.data()[c * h + k] * mean[k] / real;
                        }
                        assertEquals(expected, logits[row * 3 + c], 1e-5, "row " + row + ", label " + c);
                    }
                }
            }
        }
    }

    @Test
    void checkpointsWithAPoolerKeepIt() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel bert = RandomModels.model(RandomModels.config(Architecture.BERT, 2, 4, 2), 1, manager);
             EncoderModel roberta = RandomModels.model(RandomModels.config(Architecture.ROBERTA, 2, 4, 2), 1, manager)) {
            assertEquals(SequenceClassifier.Pooling.FIRST_TOKEN, bert.requireClassifier().pooling());
            assertEquals(SequenceClassifier.Pooling.FIRST_TOKEN, roberta.requireClassifier().pooling());
        }
    }

    @Test
    void aNewHeadOnASentenceEmbeddingCheckpointPoolsByTheMeanAndSurvivesSaving(@TempDir Path dir) throws Exception {
        ModelConfig bare = RandomModels.config(Architecture.BERT, 2, 4, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderModel encoder = ModelDirectory.fromTensors(bare, withoutPooler(RandomModels.tensors(bare, 8), bare),
                    null, manager, "sentence embeddings");
            try (EncoderModel model = HeadInitializer.withClassifier(encoder, 2, 4)) {
                assertEquals(SequenceClassifier.Pooling.MEAN, model.requireClassifier().pooling());
                float[] before = logits(model);
                ModelDirectory.save(model, dir.resolve("saved"));
                try (EncoderModel reloaded = ModelDirectory.load(dir.resolve("saved"), manager)) {
                    assertEquals(SequenceClassifier.Pooling.MEAN, reloaded.requireClassifier().pooling());
                    assertArrayEquals(before, logits(reloaded), 0f);
                }
            }
        }
    }

    private static float[] logits(EncoderModel model) {
        try (NDManager m = model.newBatchManager()) {
            return model.requireClassifier().logits(model.encode(m, TOKENS, null, ForwardOptions.evaluation()), false)
                    .toFloatArray();
        }
    }

    private static Map<String, HostTensor> withoutPooler(Map<String, HostTensor> tensors, ModelConfig config) {
        String pooler = new HfNames(config.architecture()).pooler();
        Map<String, HostTensor> out = new LinkedHashMap<>(tensors);
        out.keySet().removeIf(name -> name.startsWith(pooler + "."));
        return out;
    }
}
