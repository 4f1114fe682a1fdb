package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfCheckpointReaderTest {

    private static final float[] KERNEL = {1f, 2f, 3f, 4f, 5f, 6f};
    private static final float[] BIAS = {-0.5f, 0.25f, 7f};

    /** Two tensors with a 4-byte gap between them (bundles align large tensors), plus the header entry. */
    private static TreeMap<String, byte[]> bundleIndex(int kernelCrc) {
        TreeMap<String, byte[]> index = new TreeMap<>();
        index.put("", new byte[] {8, 1}); // BundleHeaderProto.num_shards = 1
        index.put("layer/dense/bias", TestTableWriter.bundleEntry(new long[] {3}, 0, 12,
                TestTableWriter.maskedCrc(TestTableWriter.floatsLe(BIAS))));
        index.put("layer/dense/kernel", TestTableWriter.bundleEntry(new long[] {2, 3}, 16, 24, kernelCrc));
        return index;
    }

    private static byte[] bundleData() {
        return TestTableWriter.concat(TestTableWriter.floatsLe(BIAS), new byte[4], TestTableWriter.floatsLe(KERNEL));
    }

    @Test
    void readsPrefixCompressedKeysAcrossBlocks() throws IOException {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        for (int i = 0; i < 25; i++) {
            entries.put(String.format("module/bert/encoder/layer_%02d/kernel", i), ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        List<SsTable.Entry> read = SsTable.read(TestTableWriter.table(entries, 4), "test.index");
        assertEquals(25, read.size());
        int i = 0;
        for (Map.Entry<String, byte[]> expected : entries.entrySet()) {
            SsTable.Entry actual = read.get(i++);
            assertEquals(expected.getKey(), actual.key());
            byte[] value = new byte[actual.value().remaining()];
            actual.value().get(value);
            assertArrayEquals(expected.getValue(), value);
        }
    }

    @Test
    void readsBundleEntriesAndTensors() throws IOException {
        byte[] table = TestTableWriter.table(bundleIndex(TestTableWriter.maskedCrc(TestTableWriter.floatsLe(KERNEL))), 2);
        List<TfCheckpointReader.BundleEntry> entries = TfCheckpointReader.readIndex(table, "test.index");
        assertEquals(List.of("layer/dense/bias", "layer/dense/kernel"),
                entries.stream().map(TfCheckpointReader.BundleEntry::name).toList());
        assertArrayEquals(new long[] {2, 3}, entries.get(1).shape());
        assertEquals(16, entries.get(1).offset());

        Map<String, HostTensor> tensors = TfCheckpointReader.readData(entries, new ByteArrayInputStream(bundleData()),
                "test.data", n -> true);
        assertArrayEquals(BIAS, tensors.get("layer/dense/bias").data());
        assertArrayEquals(KERNEL, tensors.get("layer/dense/kernel").data());
        assertArrayEquals(new long[] {2, 3}, tensors.get("layer/dense/kernel").shape());
    }

    @Test
    void readsABundleFromDiskByPrefix(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("variables.index"),
                TestTableWriter.table(bundleIndex(TestTableWriter.maskedCrc(TestTableWriter.floatsLe(KERNEL))), 8));
        Files.write(dir.resolve("variables.data-00000-of-00001"), bundleData());
        Map<String, HostTensor> tensors = TfCheckpointReader.read(dir.resolve("variables"), n -> n.endsWith("kernel"));
        assertEquals(List.of("layer/dense/kernel"), List.copyOf(tensors.keySet()));
    }

    @Test
    void aCorruptTensorIsNamedInTheError() throws IOException {
        byte[] table = TestTableWriter.table(bundleIndex(12345), 2);
        List<TfCheckpointReader.BundleEntry> entries = TfCheckpointReader.readIndex(table, "test.index");
        IOException e = assertThrows(IOException.class, () -> TfCheckpointReader.readData(entries,
                new ByteArrayInputStream(bundleData()), "test.data", n -> true));
        assertTrue(e.getMessage().contains("test.data") && e.getMessage().contains("'layer/dense/kernel'")
                && e.getMessage().contains("crc32c"), e.getMessage());
    }

    @Test
    void aTruncatedDataFileIsNamedInTheError() throws IOException {
        byte[] table = TestTableWriter.table(bundleIndex(TestTableWriter.maskedCrc(TestTableWriter.floatsLe(KERNEL))), 2);
        List<TfCheckpointReader.BundleEntry> entries = TfCheckpointReader.readIndex(table, "test.index");
        byte[] data = java.util.Arrays.copyOf(bundleData(), 30);
        IOException e = assertThrows(IOException.class, () -> TfCheckpointReader.readData(entries,
                new ByteArrayInputStream(data), "test.data", n -> true));
        assertTrue(e.getMessage().contains("'layer/dense/kernel'"), e.getMessage());
    }

    @Test
    void rejectsCorruptOrCompressedTables() {
        TreeMap<String, byte[]> entries = new TreeMap<>(Map.of("a", new byte[] {1}, "b", new byte[] {2}));
        byte[] table = TestTableWriter.table(entries, 8);

        byte[] flipped = table.clone();
        flipped[3] ^= 0x40; // inside the first data block
        IOException crc = assertThrows(IOException.class, () -> SsTable.read(flipped, "bad.index"));
        assertTrue(crc.getMessage().contains("bad.index") && crc.getMessage().contains("crc32c"), crc.getMessage());

        byte[] compressed = table.clone();
        compressed[FIRST_BLOCK_LENGTH] = 1; // snappy
        IOException snappy = assertThrows(IOException.class, () -> SsTable.read(compressed, "snappy.index"));
        assertTrue(snappy.getMessage().contains("compressed"), snappy.getMessage());

        byte[] noMagic = table.clone();
        noMagic[noMagic.length - 1] ^= 1;
        IOException magic = assertThrows(IOException.class, () -> SsTable.read(noMagic, "x.index"));
        assertTrue(magic.getMessage().contains("magic"), magic.getMessage());
    }

    /** Entries "a"=1 and "b"=2 take 5 bytes each, then one restart offset and the restart count. */
    private static final int FIRST_BLOCK_LENGTH = 5 + 5 + 4 + 4;

    @Test
    void bundleNamesMapToHuggingFace() {
        assertEquals("bert.encoder.layer.11.attention.self.query.weight",
                TfBertImporter.hfName("module/bert/encoder/layer_11/attention/self/query/kernel"));
        assertEquals("bert.embeddings.LayerNorm.bias", TfBertImporter.hfName("module/bert/embeddings/LayerNorm/beta"));
        assertEquals("bert.embeddings.word_embeddings.weight",
                TfBertImporter.hfName("module/bert/embeddings/word_embeddings"));
        assertEquals("cls.predictions.bias", TfBertImporter.hfName("module/cls/predictions/output_bias"));
        assertEquals("cls.predictions.transform.LayerNorm.weight",
                TfBertImporter.hfName("module/cls/predictions/transform/LayerNorm/gamma"));
        assertEquals("bert.pooler.dense.weight", TfBertImporter.hfName("bert/pooler/dense/kernel"));
        assertEquals(null, TfBertImporter.hfName("global_step"));
        assertEquals(null, TfBertImporter.hfName("module/cls/seq_relationship/output_weights"));
        assertEquals(null, TfBertImporter.hfName("bert/encoder/layer_0/output/dense/kernel/adam_m"));
    }
}
