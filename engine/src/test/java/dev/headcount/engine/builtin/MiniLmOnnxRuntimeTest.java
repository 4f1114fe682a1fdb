package dev.headcount.engine.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.headcount.engine.checkpoint.BuiltinModels;
import dev.headcount.engine.checkpoint.MavenArtifact;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.Batching;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.SentenceEmbedding;
import dev.headcount.engine.model.TokenBatch;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The built-in MiniLM, imported from its ONNX file into the engine's own encoder, against the same
 * ONNX file run by onnxruntime: hidden states and sentence embeddings on real sentences.
 */
class MiniLmOnnxRuntimeTest {

    private static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Attention heads can often be pruned without hurting accuracy.",
            "Where is the nearest train station?",
            "He don't know nothing about it.",
            "In 1790, George Washington delivered the first State of the Union address to Congress.");

    @Test
    void hiddenStatesAndEmbeddingsMatchOnnxRuntime() throws Exception {
        BuiltinModels.BuiltinModel builtin = BuiltinModels.model("builtin:all-MiniLM-L6-v2");
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelSource.open(builtin.reference(), manager);
             TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), 128);
             OrtEnvironment env = OrtEnvironment.getEnvironment();
             OrtSession session = env.createSession(onnxBytes(builtin.artifact()), new OrtSession.SessionOptions())) {
            List<TextTokenizer.Encoded> encoded = SENTENCES.stream().map(tokenizer::encode).toList();
            TokenBatch batch = Batching.padToLongest(encoded, SENTENCES.size(), tokenizer.padId()).get(0).tokens();

            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", OnnxTensor.createTensor(env, batch.inputIds()));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, batch.attentionMask()));
            inputs.put("token_type_ids", OnnxTensor.createTensor(env, batch.tokenTypeIds()));
            float[][][] expected;
            try (OrtSession.Result result = session.run(inputs)) {
                expected = (float[][][]) result.get(0).getValue();
            }
            try (NDManager m = model.newBatchManager()) {
                EncoderOutput out = model.encode(m, batch, null, ForwardOptions.evaluation());
                float[] hidden = out.lastHiddenState().toFloatArray();
                int t = batch.length();
                int h = expected[0][0].length;
                double worst = 0;
                for (int b = 0; b < SENTENCES.size(); b++) {
                    for (int i = 0; i < t; i++) {
                        if (batch.attentionMask()[b][i] == 0) {
                            continue; // padded positions are not part of any output that is used
                        }
                        for (int k = 0; k < h; k++) {
                            worst = Math.max(worst, Math.abs(expected[b][i][k] - hidden[(b * t + i) * h + k]));
                        }
                    }
                }
                assertTrue(worst < 1e-4, "max |hidden - onnxruntime| = " + worst);

                float[] ours = SentenceEmbedding.embed(out.lastHiddenState(), out.attentionMask()).toFloatArray();
                double worstEmbedding = 0;
                for (int b = 0; b < SENTENCES.size(); b++) {
                    double[] reference = meanPoolNormalize(expected[b], batch.attentionMask()[b]);
                    for (int k = 0; k < h; k++) {
                        worstEmbedding = Math.max(worstEmbedding, Math.abs(reference[k] - ours[b * h + k]));
                    }
                }
                assertTrue(worstEmbedding < 1e-4, "max |embedding - onnxruntime| = " + worstEmbedding);
            }
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelSource.open("builtin:all-MiniLM-L6-v2", manager);
             TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), 128)) {
            List<String> s = List.of("A man is playing a guitar.", "Someone plays the guitar.",
                    "The stock market fell sharply today.");
            List<TextTokenizer.Encoded> encoded = s.stream().map(tokenizer::encode).toList();
            TokenBatch batch = Batching.padToLongest(encoded, 3, tokenizer.padId()).get(0).tokens();
            try (NDManager m = model.newBatchManager()) {
                EncoderOutput out = model.encode(m, batch, null, ForwardOptions.evaluation());
                var e = SentenceEmbedding.embed(out.lastHiddenState(), out.attentionMask());
                float[] sim = e.matMul(e.transpose()).toFloatArray();
                assertEquals(1f, sim[0], 1e-5f);
                assertTrue(sim[1] > 0.5f && sim[2] < 0.2f, "paraphrase " + sim[1] + " vs unrelated " + sim[2]);
            }
        }
    }

    private static double[] meanPoolNormalize(float[][] hidden, long[] mask) {
        double[] sum = new double[hidden[0].length];
        int n = 0;
        for (int i = 0; i < hidden.length; i++) {
            if (mask[i] != 0) {
                n++;
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += hidden[i][k];
                }
            }
        }
        double norm = 0;
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= n;
            norm += sum[k] * sum[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= norm;
        }
        return sum;
    }

    private static byte[] onnxBytes(MavenArtifact artifact) throws Exception {
        try (ZipFile jar = new ZipFile(artifact.resolveJar(MavenArtifact.localRepository()).toFile())) {
            var entry = jar.stream().filter(e -> e.getName().endsWith(".onnx")).findFirst().orElseThrow();
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
