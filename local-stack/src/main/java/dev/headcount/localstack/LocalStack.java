package dev.headcount.localstack;

import java.nio.file.Path;
import java.nio.file.Files;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Kafka and MongoDB for one machine, with a state directory: {@code kafka/} (the broker's log),
 * {@code mongo/headcount.mv.db}, {@code artifacts/}, and {@code stack.json} (a {@link StackInfo}) while it runs.
 *
 * <p>Command line: {@code java dev.headcount.localstack.LocalStack [--dir D] [--kafka-port N] [--mongo-port N]}
 * (or {@code headcount stack up}) starts both, prints where they listen and stays up until Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {
    private final Path directory;
    private final boolean temporary;
    private final LocalKafka kafka;
    private final LocalMongo mongo;
    private final StackInfo info;
    private boolean closed;

    private LocalStack(Path directory, boolean temporary, LocalKafka kafka, LocalMongo mongo) {
        this.directory = directory;
        this.temporary = temporary;
        this.kafka = kafka;
        this.mongo = mongo;
        this.info = new StackInfo(kafka.bootstrapServers(), mongo.connectionString(),
                directory.resolve("artifacts").toString(), ProcessHandle.current().pid());
    }

    public static LocalStack start(StackSettings settings) {
        boolean temporary = settings.directory() == null;
        Path directory = temporary ? Directories.temporary("headcount-stack-")
                : Directories.created(settings.directory().toAbsolutePath());
        LocalKafka kafka = null;
        LocalMongo mongo = null;
        try {
            kafka = LocalKafka.start(new KafkaSettings(directory.resolve("kafka"), settings.kafkaPort(), 0,
                    settings.partitions(), false));
            mongo = temporary ? LocalMongo.inMemory()
                    : LocalMongo.onFile(directory.resolve("mongo").resolve("headcount.mv.db"), settings.mongoPort());
            Directories.created(directory.resolve("artifacts"));
            LocalStack stack = new LocalStack(directory, temporary, kafka, mongo);
            stack.info.write(directory);
            return stack;
        } catch (RuntimeException | Error e) {
            closeQuietly(mongo);
            closeQuietly(kafka);
            if (temporary) {
                Directories.deleteRecursively(directory);
            }
            throw e;
        }
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalMongo mongo() {
        return mongo;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String mongoConnectionString() {
        return mongo.connectionString();
    }

    public Path directory() {
        return directory;
    }

    public Path artifactRoot() {
        return directory.resolve("artifacts");
    }

    public StackInfo info() {
        return info;
    }

    /** Stops MongoDB, then Kafka; removes {@code stack.json} (and a temporary directory). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(directory.resolve(StackInfo.FILE_NAME));
        } catch (IOException e) {
            // a stale stack.json only misleads until the next start rewrites it
        }
        try {
            mongo.close();
        } finally {
            kafka.close();
            if (temporary) {
                Directories.deleteRecursively(directory);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already failing: the first error is the one to report
        }
    }

    /** The default state directory of the command line: {@code ~/.cache/headcount/stack}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "headcount", "stack");
    }

    /** Starts the stack, prints where it listens, and blocks until the JVM is asked to stop (Ctrl-C). */
    public static void runUntilStopped(StackSettings settings, java.io.PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        LocalStack stack = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "headcount-stack-shutdown"));
        out.printf("Kafka bootstrap servers:  %s%n", stack.kafkaBootstrapServers());
        out.printf("MongoDB connection:       %s%n", stack.mongoConnectionString());
        out.printf("artifacts:                %s%n", stack.artifactRoot());
        out.printf("written to %s; up in %.1f s. Ctrl-C stops both.%n",
                stack.directory().resolve(StackInfo.FILE_NAME), (System.nanoTime() - started) / 1e9);
        out.flush();
        stopped.await();
    }

    public static void main(String[] args) throws InterruptedException {
        Path directory = defaultDirectory();
        int kafkaPort = StackSettings.USUAL_KAFKA_PORT;
        int mongoPort = StackSettings.USUAL_MONGO_PORT;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--dir":
                    directory = Path.of(required(args[i], value));
                    i++;
                    break;
                case "--kafka-port":
                    kafkaPort = Integer.parseInt(required(args[i], value));
                    i++;
                    break;
                case "--mongo-port":
                    mongoPort = Integer.parseInt(required(args[i], value));
                    i++;
                    break;
                default:
                    System.err.println("usage: LocalStack [--dir DIR] [--kafka-port N] [--mongo-port N]  (0 = a free port)");
                    System.exit(2);
            }
        }
        runUntilStopped(StackSettings.in(directory, kafkaPort, mongoPort), System.out);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
