package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinModelsTest {

    @TempDir
    static Path cache;
    private static String previous;

    @BeforeAll
    static void useTemporaryCache() {
        LocalArtifacts.miniLmJar();
        previous = System.getProperty("headcount.model.dir");
        System.setProperty("headcount.model.dir", cache.toString());
    }

    @AfterAll
    static void restore() {
        if (previous == null) {
            System.clearProperty("headcount.model.dir");
        } else {
            System.setProperty("headcount.model.dir", previous);
        }
    }

    @Test
    void namesAndDescriptions() {
        assertEquals(List.of("all-MiniLM-L6-v2", "bert-base-uncased"), BuiltinModels.names());
        Map<String, String> d = BuiltinModels.descriptions();
        assertTrue(d.get("builtin:all-MiniLM-L6-v2").contains("Apache-2.0"));
        assertTrue(d.get("builtin:bert-base-uncased").contains("MIT (packaging)"));
        assertTrue(BuiltinModels.model("builtin:bert-base-uncased").hasMlmHead());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BuiltinModels.model("builtin:gpt-2"));
        assertTrue(e.getMessage().contains("builtin:all-MiniLM-L6-v2"), e.getMessage());
    }

    @Test
    void miniLmConvertsOnceAndIsReused() throws IOException {
        long start = System.nanoTime();
        Path dir = BuiltinModels.resolve("builtin:all-MiniLM-L6-v2");
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(cache.resolve("builtin").resolve("all-MiniLM-L6-v2"), dir);
        FileTime written = Files.getLastModifiedTime(dir.resolve("model.safetensors"));

        start = System.nanoTime();
        assertEquals(dir, BuiltinModels.resolve("builtin:all-MiniLM-L6-v2"));
        double secondSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("builtin:all-MiniLM-L6-v2: first resolution %.2f s, second %.4f s%n", firstSeconds, secondSeconds);
        assertTrue(secondSeconds < 0.5, "reuse took " + secondSeconds + " s");
        assertEquals(written, Files.getLastModifiedTime(dir.resolve("model.safetensors")), "the cache was rewritten");

        ModelConfig config = HfConfig.read(dir.resolve("config.json"));
        assertEquals(384, config.hiddenSize());
        assertEquals(6, config.numLayers());
        assertEquals(Activation.GELU, config.hiddenAct());

        Map<String, SafeTensors.Entry> header = SafeTensors.header(dir.resolve("model.safetensors"));
        assertEquals(101, header.size());
        assertTrue(header.containsKey("encoder.layer.5.output.dense.weight"));

        JsonNode tokenizer = new ObjectMapper().readTree(dir.resolve("tokenizer.json").toFile());
        assertTrue(tokenizer.get("padding").isNull());
        assertTrue(tokenizer.get("truncation").isNull());
        assertEquals(30522, tokenizer.path("model").path("vocab").size());

        JsonNode meta = new ObjectMapper().readTree(dir.resolve(BuiltinModels.METADATA_FILE).toFile());
        assertEquals(BuiltinModels.MINILM_ARTIFACT.coordinates(), meta.get("source").asText());
        assertEquals(BuiltinModels.CONVERTER_VERSION, meta.get("converterVersion").asInt());
        assertNoLeftovers();
    }

    @Test
    void anIncompleteOrOutdatedCacheIsConvertedAgain(@TempDir Path otherCache) throws IOException {
        Path target = otherCache.resolve("builtin").resolve("all-MiniLM-L6-v2");
        Files.createDirectories(target);
        Files.writeString(target.resolve("config.json"), "{\"half\":"); // as if a copy had been interrupted
        Files.writeString(target.resolve(BuiltinModels.METADATA_FILE), "{\"converterVersion\": 0}");
        Path dir = BuiltinModels.resolve("all-MiniLM-L6-v2", otherCache, MavenArtifact.localRepository());
        assertEquals(target, dir);
        assertEquals(6, HfConfig.read(dir.resolve("config.json")).numLayers());
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertEquals(List.of(target), siblings.toList(), "temporary and stale directories are removed");
        }
    }

    @Test
    void bertBaseUncasedConvertsWithItsMlmHead() throws IOException {
        LocalArtifacts.easyBertJar();
        long start = System.nanoTime();
        Path dir = BuiltinModels.resolve("builtin:bert-base-uncased");
        System.out.printf("builtin:bert-base-uncased: converted in %.1f s%n", (System.nanoTime() - start) / 1e9);
        ModelConfig config = HfConfig.read(dir.resolve("config.json"));
        assertEquals(Activation.GELU_NEW, config.hiddenAct());
        assertEquals(12, config.numLayers());
        assertEquals(768, config.hiddenSize());
        Map<String, SafeTensors.Entry> header = SafeTensors.header(dir.resolve("model.safetensors"));
        assertEquals(new TreeSet<>(TfBertImporter.expectedNames(12)), new TreeSet<>(header.keySet()));
        assertTrue(Files.size(dir.resolve("model.safetensors")) > 400_000_000L);
        assertTrue(new ObjectMapper().readTree(dir.resolve("tokenizer.json").toFile()).get("padding").isNull());

        start = System.nanoTime();
        BuiltinModels.resolve("builtin:bert-base-uncased");
        assertTrue((System.nanoTime() - start) / 1e9 < 0.5, "the second resolution must reuse the cache");
        assertNoLeftovers();
    }

    @Test
    void aMissingArtifactWithoutMavenFailsClearly(@TempDir Path emptyRepo) {
        MavenArtifact absent = new MavenArtifact("dev.headcount.test", "no-such-model", "0.0.1");
        IOException e = assertThrows(IOException.class, () -> absent.resolveJar(emptyRepo, emptyRepo.toString()));
        assertTrue(e.getMessage().contains("install Maven") && e.getMessage().contains(absent.coordinates()),
                e.getMessage());
    }

    @Test
    void theWrittenTokenizerLoadsAndDoesNotPad() throws IOException {
        Path dir = BuiltinModels.resolve("builtin:all-MiniLM-L6-v2");
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"))) {
            assertArrayEquals(new long[] {101, 7592, 2088, 102}, tokenizer.encode("Hello world").getIds());
        }
    }

    private static void assertNoLeftovers() throws IOException {
        try (Stream<Path> siblings = Files.list(cache.resolve("builtin"))) {
            assertFalse(siblings.anyMatch(p -> p.getFileName().toString().startsWith(".")),
                    "temporary conversion directories are removed");
        }
    }
}
