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
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.write(temporary, content);
                moveAtomically(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw notWritten(experimentId, target, e);
        }
        return target.toUri();
    }

    @Override
    public URI writeDirectory(String experimentId, ModelVariant variant, String name, DirectoryWriter writer)
            throws IOException {
        Path target = pathOf(experimentId, variant, name);
        try {
            return writeDirectory(target, writer);
        } catch (IOException e) {
            throw notWritten(experimentId, target, e);
        } catch (UncheckedIOException e) {
            throw notWritten(experimentId, target, e.getCause());
        }
    }

    /**
     * What a failed write tells the worker (and, in its ExperimentFailed, the user): the artifact, the experiment and
     * the operating system's error with the path it is about, e.g. {@code cannot write artifact /a/e1/pretrained/x.json
     * of experiment e1: /a/e1/pretrained: Not a directory}. Still an {@link IOException}: a full disk may pass, so the
     * record is retried the usual few times ({@code headcount.records.max-attempts}) and then given up.
     */
    IOException notWritten(String experimentId, Path target, IOException error) {
        return new IOException("cannot write artifact " + target + " of experiment " + experimentId + ": "
                + osError(error) + obstacle(target).map(o -> " (" + o + ")").orElse(""), error);
    }

    /**
     * The first directory on the way from the root to {@code target} that is not one: the OS names the path it was
     * asked for ({@code …/a/b: Not a directory}), not the component in the way ({@code …/a}, a file).
     */
    private java.util.Optional<String> obstacle(Path target) {
        for (Path p = root; ; ) {
            if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                return java.util.Optional.of(p + " is a symbolic link to nothing, or a loop");
            }
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return java.util.Optional.of(p + " is a file, not a directory");
            }
            if (!Files.exists(p) || p.equals(target.getParent())) {
                return java.util.Optional.empty();
            }
            p = p.resolve(target.getName(p.getNameCount()));
        }
    }

    /**
     * The operating system's error in words. {@link java.nio.file.FileSystemException}s of a known kind often carry no
     * reason (their message is the bare path): the kind says what happened.
     */
    static String osError(IOException error) {
        if (error instanceof java.nio.file.FileSystemException fs) {
            String reason = fs.getReason();
            if (reason == null) {
                reason = fs instanceof java.nio.file.FileAlreadyExistsException
                        ? "exists and is not a directory (a file or a broken symbolic link is in the way)"
                        : fs instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                        : fs instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                        : fs instanceof java.nio.file.NotDirectoryException ? "Not a directory"
                        : fs instanceof java.nio.file.DirectoryNotEmptyException ? "Directory not empty"
                        : fs instanceof java.nio.file.FileSystemLoopException ? "Too many levels of symbolic links"
                        : fs.getClass().getSimpleName();
            }
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + reason
                    + (fs.getOtherFile() == null ? "" : " (" + fs.getOtherFile() + ")");
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private static URI writeDirectory(Path target, DirectoryWriter writer) throws IOException {
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
