package dev.headcount.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
