package dev.headcount.localstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.nio.file.Path;

/**
 * A MongoDB-wire server (mongo-java-server, H2 backend) bound to 127.0.0.1: the real MongoDB driver talks to
 * it. On a file, data survives a restart; in memory, it is gone on close. No sessions, transactions or change
 * streams: headcount's services use none of them. On a file it can also be {@linkplain #stop() stopped} and
 * {@linkplain #restart() started again} on the same port and file, as a database outage looks to its clients.
 */
public final class LocalMongo implements AutoCloseable {
    private final Path file;
    private final int port;
    /** The running server and its backend, or null between {@link #stop()} and {@link #restart()}. */
    private MongoServer server;
    private H2Backend backend;
    private boolean closed;

    private LocalMongo(MongoServer server, H2Backend backend, Path file) {
        this.server = server;
        this.backend = backend;
        this.file = file;
        this.port = server.getLocalAddress().getPort();
    }

    /** In memory, on a free port: for tests. */
    public static LocalMongo inMemory() {
        H2Backend backend = H2Backend.inMemory();
        return new LocalMongo(bound(backend, 0), backend, null);
    }

    /** Stored in {@code file} (an H2 MVStore file, created if absent), on {@code port} (0 for a free one). */
    public static LocalMongo onFile(Path file, int port) {
        Directories.created(file.toAbsolutePath().getParent());
        H2Backend backend = new H2Backend(file.toString());
        return new LocalMongo(bound(backend, port), backend, file);
    }

    private static MongoServer bound(H2Backend backend, int port) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            server.shutdownNow();
            backend.close();
            throw new IllegalStateException("cannot bind the MongoDB server to 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return server;
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

    /**
     * Stops the server as an outage would, for fault tests: its clients' connections close and new ones are refused;
     * the data stays in the file for {@link #restart()}.
     *
     * @throws IllegalStateException in memory (the data would be gone), or when stopped or closed already
     */
    public synchronized void stop() {
        if (file == null) {
            throw new IllegalStateException("an in-memory MongoDB server cannot stop and restart: its data would be gone;"
                    + " use LocalMongo.onFile");
        }
        if (closed || server == null) {
            throw new IllegalStateException("the MongoDB server at " + connectionString() + " is not running");
        }
        shutdown();
    }

    /**
     * Starts the server again after {@link #stop()}: the same file, the same port, so clients that keep retrying the
     * same connection string find it again.
     *
     * @throws IllegalStateException when it is running or closed
     */
    public synchronized void restart() {
        if (closed || server != null) {
            throw new IllegalStateException("the MongoDB server at " + connectionString() + " is "
                    + (closed ? "closed" : "running") + ": only a stopped server restarts");
        }
        H2Backend reopened = new H2Backend(file.toString());
        server = bound(reopened, port);
        backend = reopened;
    }

    /** Whether the server is up (started and not {@linkplain #stop() stopped}). */
    public synchronized boolean running() {
        return !closed && server != null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            shutdown();
        }
    }

    private void shutdown() {
        server.shutdown();
        // shutting the server down closes its backend; committing first is what makes a file outlive us
        if (!backend.getMvStore().isClosed()) {
            backend.close();
        }
        server = null;
        backend = null;
    }
}
