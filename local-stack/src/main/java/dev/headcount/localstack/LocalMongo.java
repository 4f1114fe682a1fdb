package dev.headcount.localstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.nio.file.Path;

/**
 * A MongoDB-wire server (mongo-java-server, H2 backend) bound to 127.0.0.1: the real MongoDB driver talks to
 * it. On a file, data survives a restart; in memory, it is gone on close. No sessions, transactions or change
 * streams: headcount's services use none of them.
 */
public final class LocalMongo implements AutoCloseable {
    private final MongoServer server;
    private final H2Backend backend;
    private final Path file;
    private final int port;
    private boolean closed;

    private LocalMongo(MongoServer server, H2Backend backend, Path file) {
        this.server = server;
        this.backend = backend;
        this.file = file;
        this.port = server.getLocalAddress().getPort();
    }

    /** In memory, on a free port: for tests. */
    public static LocalMongo inMemory() {
        return start(H2Backend.inMemory(), null, 0);
    }

    /** Stored in {@code file} (an H2 MVStore file, created if absent), on {@code port} (0 for a free one). */
    public static LocalMongo onFile(Path file, int port) {
        Directories.created(file.toAbsolutePath().getParent());
        return start(new H2Backend(file.toString()), file, port);
    }

    private static LocalMongo start(H2Backend backend, Path file, int port) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            server.shutdownNow();
            backend.close();
            throw new IllegalStateException("cannot bind the MongoDB server to 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new LocalMongo(server, backend, file);
    }

    /** {@code mongodb://127.0.0.1:<port>}. */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + port();
    }

    public int port() {
        return port;
    }

    /** The data file, or {@code null} in memory. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        // shutting the server down closes its backend; committing first is what makes a file outlive us
        if (!backend.getMvStore().isClosed()) {
            backend.close();
        }
    }
}
