package dev.headcount.engine.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment variables huggingface_hub reads, with its precedence; repository names and cache folders. */
class HubSettingsTest {

    @TempDir
    Path home;

    @Test
    void defaultsFollowHuggingFaceHub() {
        HubSettings s = HubSettings.from(Map.of(), home);
        assertEquals(URI.create("https://huggingface.co"), s.endpoint());
        assertEquals(home.resolve(".cache/huggingface/hub"), s.cache());
        assertEquals(home.resolve(".cache/huggingface/token"), s.tokenFile());
        assertEquals(Optional.empty(), s.token());
        assertFalse(s.offline());
    }

    @Test
    void hubCacheBeatsHfHomeWhichBeatsXdg() {
        assertEquals(Path.of("/x/huggingface/hub"), HubSettings.from(Map.of("XDG_CACHE_HOME", "/x"), home).cache());
        assertEquals(Path.of("/h/hub"), HubSettings.from(Map.of("XDG_CACHE_HOME", "/x", "HF_HOME", "/h"), home).cache());
        assertEquals(Path.of("/c"), HubSettings.from(Map.of("HF_HOME", "/h", "HF_HUB_CACHE", "/c"), home).cache());
        assertEquals(Path.of("/h/token"), HubSettings.from(Map.of("HF_HOME", "/h"), home).tokenFile());
    }

    @Test
    void tokenFromVariableElseFromTheTokenFile() throws IOException {
        Path file = Files.createDirectories(home.resolve(".cache/huggingface")).resolve("token");
        Files.writeString(file, "hf_from_file\n");
        assertEquals(Optional.of("hf_from_file"), HubSettings.from(Map.of(), home).token());
        assertEquals(Optional.of("hf_env"), HubSettings.from(Map.of("HF_TOKEN", "hf_env"), home).token());
    }

    @Test
    void offlineAcceptsTheSpellingsPythonAccepts() {
        for (String yes : new String[] {"1", "on", "YES", "true"}) {
            assertTrue(HubSettings.from(Map.of("HF_HUB_OFFLINE", yes), home).offline(), yes);
        }
        assertFalse(HubSettings.from(Map.of("HF_HUB_OFFLINE", "0"), home).offline());
        assertTrue(HubSettings.from(Map.of("TRANSFORMERS_OFFLINE", "1"), home).offline());
    }

    @Test
    void endpointWithoutTrailingSlash() {
        assertEquals(URI.create("http://127.0.0.1:9"), HubSettings.from(Map.of("HF_ENDPOINT", "http://127.0.0.1:9/"), home).endpoint());
        assertThrows(IllegalArgumentException.class, () -> HubSettings.from(Map.of("HF_ENDPOINT", "hub.local"), home));
    }

    @Test
    void repositoryNamesAndCacheFolders() {
        HubRepo roberta = HubRepo.parse(HubRepo.Kind.MODEL, "FacebookAI/roberta-base@v1.0");
        assertEquals("models--FacebookAI--roberta-base", roberta.cacheFolder());
        assertEquals("v1.0", roberta.revision());
        assertEquals("datasets--nyu-mll--glue", HubRepo.parse(HubRepo.Kind.DATASET, "nyu-mll/glue").cacheFolder());
        assertEquals("main", HubRepo.parse(HubRepo.Kind.MODEL, "bert-base-uncased").revision());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> HubRepo.parse(HubRepo.Kind.MODEL, "a/b/c"));
        assertTrue(bad.getMessage().contains("'a/b/c' is not a Hub repository name"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HubRepo.parse(HubRepo.Kind.MODEL, "org--x/y"));
        assertThrows(IllegalArgumentException.class, () -> HubRepo.parse(HubRepo.Kind.MODEL, "org/x@"));
    }
}
