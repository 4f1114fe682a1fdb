package dev.headcount.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** An {@link ArtifactStore} in a local (or shared, mounted) directory, with {@code file:} URIs. */
public final class DirectoryArtifactStore implements ArtifactStore {
    private final Path root;

    public DirectoryArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public URI uriOf(String experimentId, ModelVariant variant, String name) {
        return pathOf(experimentId, variant, name).toUri();
    }

    @Override
    public URI write(String experimentId, ModelVariant variant, String name, byte[] content) throws IOException {
        Path target = pathOf(experimentId, variant, name);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temporary, content);
            moveAtomically(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target.toUri();
    }

    @Override
    public URI writeDirectory(String experimentId, ModelVariant variant, String name, DirectoryWriter writer)
            throws IOException {
        Path target = pathOf(experimentId, variant, name);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.createDirectory(temporary);
        try {
            writer.writeInto(temporary);
            // a directory cannot be renamed over a non-empty one: move the old one aside first
            Path previous = null;
            if (Files.exists(target)) {
                previous = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".old");
                moveAtomically(target, previous);
            }
            moveAtomically(temporary, target);
            deleteRecursively(previous);
        } finally {
            deleteRecursively(temporary);
        }
        return target.toUri();
    }

    @Override
    public Path localPath(URI artifact) {
        if (!"file".equals(artifact.getScheme())) {
            throw new IllegalArgumentException("artifact URI " + artifact + " is not a file: URI");
        }
        Path path = Path.of(artifact).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("artifact URI " + artifact + " is outside the artifact root " + root);
        }
        return path;
    }

    private Path pathOf(String experimentId, ModelVariant variant, String name) {
        if (!RequiredFields.isExperimentId(experimentId)) {
            throw new IllegalArgumentException("experiment id '" + experimentId + "' cannot name a directory");
        }
        Path path = root.resolve(experimentId).resolve(variant.path()).resolve(name).normalize();
        if (name.isBlank() || !path.startsWith(root.resolve(experimentId).resolve(variant.path()))) {
            throw new IllegalArgumentException("artifact name '" + name + "' must be a relative path inside the variant");
        }
        return path;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
