package dev.headcount.engine.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFingerprintTest {
    @TempDir
    Path dir;

    private void write() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 8}\n", StandardCharsets.UTF_8);
        Files.write(dir.resolve("model.safetensors"), "\u0000\u0001\u0002weights".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("training.json"), "{\"loss\": [1, 2]}");
    }

    /** Digests from Python's hashlib: each file, then SHA-256 of "name sha\n" lines sorted by name. */
    @Test
    void matchesDigestsComputedIndependently() throws Exception {
        write();
        ModelFingerprint fingerprint = ModelFingerprint.of(dir);
        assertEquals(List.of(
                new ModelFingerprint.FileDigest("config.json", 19,
                        "6102b7b977af452ba2973005c4d51e7c9cf9b788557fcf7dab3585b98cda16fe"),
                new ModelFingerprint.FileDigest("model.safetensors", 10,
                        "b67b54279312ba7d11208dcb5b7e22d8e83d0c4e4a13666b1f4fceb415982c08")), fingerprint.files(),
                "training.json describes the model but does not change its numbers");
        assertEquals("b48eb306f2df38d250f22359524c41c51fff621434e064a205b85f1aa68a5798", fingerprint.sha256());
    }

    @Test
    void aChangedWeightChangesTheFingerprint() throws Exception {
        write();
        Path weights = dir.resolve("model.safetensors");
        FileTime time = Files.getLastModifiedTime(weights);
        String before = ModelFingerprint.of(dir).sha256();
        Files.write(weights, "\u0000\u0001\u0003weights".getBytes(StandardCharsets.ISO_8859_1));
        Files.setLastModifiedTime(weights, FileTime.fromMillis(time.toMillis() + 2000));
        assertNotEquals(before, ModelFingerprint.of(dir).sha256());
        Files.writeString(dir.resolve("head_mask.json"), "[[1, 0]]");
        assertEquals(3, ModelFingerprint.of(dir).files().size(), "a residual head mask changes what the model computes");
    }

    @Test
    void aMissingOrEmptyDirectoryIsNamed() throws Exception {
        IOException missing = assertThrows(IOException.class, () -> ModelFingerprint.of(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        IOException empty = assertThrows(IOException.class, () -> ModelFingerprint.of(dir));
        assertTrue(empty.getMessage().contains(dir.toString()), empty.getMessage());
    }
}
