package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRegistryTest {
    @TempDir
    Path folder;

    private final TaskRegistry registry = new TaskRegistry(new DataCache(Path.of("target", "no-fetch-cache")), new NpmPackageFetcher());

    @Test
    void glueNameCarriesItsFolder() throws IOException {
        Task rte = registry.load("glue/rte=" + GlueLoaderTest.resource("glue/RTE"), LoadOptions.defaults());
        assertEquals("glue/rte", rte.name());
        assertEquals(2, rte.train().size());
    }

    @Test
    void fileTaskWithKindAndSeededSplit() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rows.append("{\"premise\":\"P").append(i).append("\",\"hypothesis\":\"H").append(i)
                    .append("\",\"label\":\"").append(i % 2 == 0 ? "yes" : "no").append("\"}\n");
        }
        Path file = folder.resolve("x.jsonl");
        Files.writeString(file, rows);
        Task task = registry.load("file:" + file + "?kind=pair", LoadOptions.uncapped());
        assertEquals(TaskKind.SENTENCE_PAIR_CLASSIFICATION, task.spec().kind());
        assertEquals(List.of("no", "yes"), task.spec().labels());
        assertEquals(16, task.train().size());
        assertEquals(4, task.dev().size());
        assertEquals(Metric.ACCURACY, task.spec().primaryMetric());
        assertEquals(task, registry.load("file:" + file + "?kind=pair", LoadOptions.uncapped()));

        Task named = registry.load("file:" + file + "?kind=pair&labels=yes,no&dev=" + file, LoadOptions.uncapped());
        assertEquals(20, named.dev().size());
        assertEquals(0, named.dev().get(0).label(), "row 0 is 'yes', the first named label");
    }

    @Test
    void fileTaskWithWrongColumnsNamesThem() throws IOException {
        Path file = folder.resolve("x.csv");
        Files.writeString(file, "body,target\nhello,1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> registry.load("file:" + file + "?kind=single", LoadOptions.uncapped()));
        assertEquals(file + ": expected a 'label' column, found columns [body, target]", e.getMessage());
    }

    @Test
    void plainTextFileTask() throws IOException {
        Path file = folder.resolve("corpus.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) text.append("This is document number ").append(i).append(". It has a second sentence too.\n");
        Files.writeString(file, text);
        Task task = registry.load("file:" + file, LoadOptions.uncapped());
        assertEquals(TaskKind.MLM_TEXT, task.spec().kind());
        assertEquals(Metric.MLM_LOSS, task.spec().primaryMetric());
        assertEquals(10, task.train().size() + task.dev().size());
    }

    @Test
    void aliasesAndUnknownNames() throws IOException {
        registry.configure("my-rte", "glue/rte=" + GlueLoaderTest.resource("glue/RTE"));
        assertEquals("my-rte", registry.load("my-rte", LoadOptions.defaults()).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.load("builtin/nope", LoadOptions.defaults()));
        assertTrue(e.getMessage().startsWith("unknown task 'builtin/nope'; known: [builtin/lt-acceptability, "), e.getMessage());
    }

    @Test
    void missingNpmClientSaysWhatToInstall() {
        DataCache empty = new DataCache(folder.resolve("cache"));
        NpmPackageFetcher.NpmPackage pkg = new NpmPackageFetcher.NpmPackage("@stdlib/none", "0.0.0", "sha512-x");
        IOException e = assertThrows(IOException.class, () -> empty.entry("none", dir ->
                new NpmPackageFetcher("npm-that-is-not-installed").fetchAndExtract(pkg, dir, name -> true)));
        assertTrue(e.getMessage().contains("install Node.js/npm"), e.getMessage());
        assertTrue(Files.notExists(folder.resolve("cache").resolve("none")), "no half-filled entry is left");
    }

    @Test
    void integrityMismatchIsRefused() throws IOException {
        Path tarball = folder.resolve("p.tgz");
        Files.writeString(tarball, "not the real tarball");
        IOException e = assertThrows(IOException.class, () -> NpmPackageFetcher.verify(
                new NpmPackageFetcher.NpmPackage("@stdlib/x", "1.0.0", "sha512-expected"), tarball));
        assertTrue(e.getMessage().contains("does not match the expected sha512-expected of @stdlib/x@1.0.0"), e.getMessage());
    }
}
