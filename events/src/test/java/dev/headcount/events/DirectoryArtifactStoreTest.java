package dev.headcount.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryArtifactStoreTest {

    @Test
    void filesLandInTheDocumentedLayout(@TempDir Path root) throws Exception {
        ArtifactStore store = new DirectoryArtifactStore(root);
        ModelVariant variant = ModelVariant.pruned(Ranking.byTask("builtin/sotu"), 0.3);
        URI uri = store.write("e1", variant, "importance/builtin/sotu.json", "{}".getBytes(StandardCharsets.UTF_8));
        Path expected = root.resolve("e1/pruned/task-builtin/sotu/0.3/importance/builtin/sotu.json");
        assertEquals(expected.toUri(), uri);
        assertEquals("{}", Files.readString(expected));
        assertEquals(expected, store.localPath(uri));
        store.write("e1", variant, "importance/builtin/sotu.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"v\":2}", Files.readString(expected));
        try (var files = Files.list(expected.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void directoriesArePublishedWhole(@TempDir Path root) throws Exception {
        ArtifactStore store = new DirectoryArtifactStore(root);
        ModelVariant variant = ModelVariant.finetuned("builtin/spam");
        URI first = store.writeDirectory("e1", variant, "checkpoint", dir -> Files.writeString(dir.resolve("a"), "1"));
        URI second = store.writeDirectory("e1", variant, "checkpoint", dir -> Files.writeString(dir.resolve("b"), "2"));
        assertEquals(first, second);
        Path checkpoint = store.localPath(second);
        assertTrue(Files.exists(checkpoint.resolve("b")));
        assertFalse(Files.exists(checkpoint.resolve("a")), "replaced, not merged");
        assertThrows(java.io.IOException.class, () -> store.writeDirectory("e1", variant, "checkpoint", dir -> {
            throw new java.io.IOException("disk full");
        }));
        assertTrue(Files.exists(checkpoint.resolve("b")), "a failed write leaves the previous version");
        try (var files = Files.list(checkpoint.getParent())) {
            assertEquals(1, files.count(), "no temporary directory left behind");
        }
    }

    @Test
    void pathsCannotEscapeTheRoot(@TempDir Path root) {
        ArtifactStore store = new DirectoryArtifactStore(root);
        assertThrows(IllegalArgumentException.class,
                () -> store.uriOf("e1", ModelVariant.pretrained(), "../../elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> store.uriOf("..", ModelVariant.pretrained(), "x"));
        assertThrows(IllegalArgumentException.class, () -> store.localPath(URI.create("file:/etc/passwd")));
    }

    /**
     * Something that is not a writable directory where the experiment's directories go (what the artifact-fault test of
     * the e2e suite puts there: root writes through chmod, so a file, a broken link or a link loop stands in): the
     * failure names the artifact, the experiment and the operating system's error on the path it is about, and
     * nothing is left behind.
     */
    @Test
    void aWriteThatCannotHappenSaysWhereAndWhy(@TempDir Path root) throws Exception {
        ArtifactStore store = new DirectoryArtifactStore(root);
        Path experiment = Files.createDirectories(root.resolve("e1/pretrained"));
        Files.writeString(experiment.resolve("evaluations"), "a regular file where a directory goes");
        java.io.IOException file = assertThrows(java.io.IOException.class, () -> store.write("e1",
                ModelVariant.pretrained(), "evaluations/random-1/0.5/t.json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("cannot write artifact " + experiment.resolve("evaluations/random-1/0.5/t.json")
                + " of experiment e1: " + experiment.resolve("evaluations/random-1") + ": Not a directory ("
                + experiment.resolve("evaluations") + " is a file, not a directory)", file.getMessage());

        Files.createSymbolicLink(root.resolve("e1/finetuned"), root.resolve("nowhere"));
        java.io.IOException dangling = assertThrows(java.io.IOException.class, () -> store.writeDirectory("e1",
                ModelVariant.finetuned("builtin/spam"), "model", dir -> Files.writeString(dir.resolve("a"), "1")));
        assertEquals("cannot write artifact " + root.resolve("e1/finetuned/builtin/spam/model") + " of experiment e1: "
                + root.resolve("e1/finetuned") + ": exists and is not a directory (a file or a broken symbolic link is "
                + "in the way) (" + root.resolve("e1/finetuned") + " is a symbolic link to nothing, or a loop)",
                dangling.getMessage());

        Files.createDirectories(root.resolve("e2"));
        Files.createSymbolicLink(root.resolve("e2/pretrained"), root.resolve("e2/pretrained"));
        java.io.IOException loop = assertThrows(java.io.IOException.class, () -> store.write("e2",
                ModelVariant.pretrained(), "request.json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(loop.getMessage().startsWith("cannot write artifact " + root.resolve("e2/pretrained/request.json")
                + " of experiment e2: " + root.resolve("e2/pretrained")), loop.getMessage());
        assertTrue(loop.getMessage().endsWith("(" + root.resolve("e2/pretrained") + " is a symbolic link to nothing, or a "
                + "loop)"), loop.getMessage());

        java.io.IOException full = assertThrows(java.io.IOException.class, () -> store.writeDirectory("e1",
                ModelVariant.pretrained(), "model", dir -> {
                    Files.writeString(dir.resolve("a"), "1");
                    throw new java.io.IOException("No space left on device");
                }));
        assertEquals("cannot write artifact " + experiment.resolve("model") + " of experiment e1: No space left on device",
                full.getMessage());
        try (var left = Files.walk(root)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file left behind");
        }
    }
}
