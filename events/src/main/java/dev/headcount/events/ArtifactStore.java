package dev.headcount.events;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where services put what events point at (checkpoints, importance maps, reports), addressed by URIs that
 * travel in events. Layout: {@code <root>/<experimentId>/<variant path>/<name>}; writes are atomic, so an
 * event never points at half a file or half a checkpoint.
 */
public interface ArtifactStore {

    /** The URI {@code name} under this experiment and variant has (whether it exists yet or not). */
    URI uriOf(String experimentId, ModelVariant variant, String name);

    /** Writes a file atomically (replacing an existing one) and returns its URI. */
    URI write(String experimentId, ModelVariant variant, String name, byte[] content) throws IOException;

    /**
     * Publishes a directory atomically: {@code writer} fills a fresh temporary directory, which then replaces
     * {@code name} in one rename. Returns the directory's URI.
     */
    URI writeDirectory(String experimentId, ModelVariant variant, String name, DirectoryWriter writer)
            throws IOException;

    /** The local path of an artifact URI of this store; rejects URIs outside it. */
    Path localPath(URI artifact);

    /** Fills a directory. */
    @FunctionalInterface
    interface DirectoryWriter {
        void writeInto(Path directory) throws IOException;
    }
}
