package dev.headcount.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four services as separate operating-system processes (their packaged Quarkus apps), wired to
 * a running local stack: what {@code headcount run} and the end-to-end test start.
 */
public final class ServiceProcesses implements AutoCloseable {

    /** One service: its module, HTTP port and process. */
    public record Service(String name, int port, Process process, Path log) {
        public URI baseUri() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    /** The modules, in the order they start; the report-service last, so the workers are listening. */
    public static final List<String> SERVICES = List.of("scorer-service", "pruner-service", "finetune-service",
            "report-service");

    private final Map<String, Service> services = new LinkedHashMap<>();

    private ServiceProcesses() {
    }

    /**
     * Starts every service from {@code <repository>/<module>/target/quarkus-app/quarkus-run.jar}.
     *
     * @param logDirectory each service's stdout and stderr go to {@code <name>.log} there
     * @param javaOptions e.g. {@code -Xmx2g}
     */
    public static ServiceProcesses start(Path repository, StackInfo stack, Path logDirectory, List<String> javaOptions)
            throws IOException {
        return start(repository, stack, logDirectory, javaOptions, Map.of());
    }

    /**
     * As {@link #start(Path, StackInfo, Path, List)}, with more environment for some services (by name), e.g. the
     * report-service's token; it wins over the stack's settings.
     */
    public static ServiceProcesses start(Path repository, StackInfo stack, Path logDirectory, List<String> javaOptions,
                                         Map<String, Map<String, String>> environments) throws IOException {
        Files.createDirectories(logDirectory);
        ServiceProcesses all = new ServiceProcesses();
        try {
            for (String name : SERVICES) {
                Path jar = repository.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IOException(jar + " is missing: build the services first (mvn -B -DskipTests package)");
                }
                int port = FreePorts.orFree(0);
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(javaOptions);
                command.add("-Dai.djl.offline=true");
                command.add("-jar");
                command.add(jar.toString());
                ProcessBuilder builder = new ProcessBuilder(command);
                Map<String, String> env = builder.environment();
                env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
                env.put("QUARKUS_MONGODB_CONNECTION_STRING", stack.mongoConnectionString());
                env.put("HEADCOUNT_ARTIFACT_ROOT", stack.artifactRoot());
                env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
                env.put("DJL_OFFLINE", "true");
                env.putAll(environments.getOrDefault(name, Map.of()));
                Path log = logDirectory.resolve(name + ".log");
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                all.services.put(name, new Service(name, port, builder.start(), log));
            }
        } catch (IOException | RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    public Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no service " + name + " (have " + services.keySet() + ")");
        }
        return s;
    }

    /** Waits until every service answers its readiness check; a service that exits fails with its log's end. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Service s : services.values()) {
            while (true) {
                if (!s.process().isAlive()) {
                    throw new IOException(s.name() + " exited with code " + s.process().exitValue() + ":\n" + tail(s.log()));
                }
                if (ready(http, s)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(s.name() + " not ready after " + timeout + ":\n" + tail(s.log()));
                }
                Thread.sleep(500);
            }
        }
    }

    private static boolean ready(HttpClient http, Service s) throws InterruptedException {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(s.baseUri().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of a log, for error messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Asks each service to stop (SIGTERM: Quarkus shuts down gracefully), then kills what is left, including
     * processes a service started and did not stop (mvn fetching a built-in model, npm fetching a data set), which
     * would otherwise outlive it.
     */
    @Override
    public void close() {
        List<ProcessHandle> descendants = new ArrayList<>();
        services.values().forEach(s -> s.process().descendants().forEach(descendants::add));
        services.values().forEach(s -> s.process().destroy());
        for (Service s : services.values()) {
            try {
                if (!s.process().waitFor(20, TimeUnit.SECONDS)) {
                    s.process().descendants().forEach(descendants::add);
                    s.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
