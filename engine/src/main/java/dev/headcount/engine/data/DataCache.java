package dev.headcount.engine.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where fetched built-in data lives: system property {@code headcount.data.dir}, else environment
 * {@code HEADCOUNT_DATA_DIR}, else {@code ~/.cache/headcount/data}. Entries are written into a
 * temporary folder and renamed into place, so an interrupted fetch never leaves a half entry.
 */
public final class DataCache {
    public static final String PROPERTY = "headcount.data.dir";
    public static final String ENV = "HEADCOUNT_DATA_DIR";

    private final Path root;

    public DataCache(Path root) {
        this.root = root;
    }

    public static DataCache fromEnvironment() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) configured = System.getenv(ENV);
        Path root = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "headcount", "data")
                : Path.of(configured);
        return new DataCache(root);
    }

    public Path root() {
        return root;
    }

    /** Fills a fresh folder; runs only when the entry is missing. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path emptyFolder) throws IOException;
    }

    /** The folder of a complete entry, creating it with the filler first if needed. */
    public synchronized Path entry(String name, Filler filler) throws IOException {
        Path target = root.resolve(name);
        if (Files.isDirectory(target)) return target;
        Files.createDirectories(root);
        Path temporary = Files.createTempDirectory(root, name + ".partial-");
        try {
            filler.fill(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another process finished the same entry first; its copy is as good as ours
                deleteRecursively(temporary);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cache folder " + root + " does not support atomic renames", e);
            }
            return target;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(temporary);
            throw e;
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
