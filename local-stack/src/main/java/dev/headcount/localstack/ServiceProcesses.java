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
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * The four services as separate operating-system processes (their packaged Quarkus apps), wired to
 * a running local stack: what {@code headcount run} and the end-to-end test start. A service can be started again
 * with its first command line and environment (same HTTP port), its output appended to the same log, which is
 * what {@link Supervisor} does with a service that died.
 */
public final class ServiceProcesses implements AutoCloseable, Supervisor.Processes {

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
    /** How each service was started, to start it again the same way. */
    private final Map<String, ProcessBuilder> builders = new LinkedHashMap<>();
    private boolean closed;

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
        Map<String, Command> commands = new LinkedHashMap<>();
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
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
            env.put("QUARKUS_MONGODB_CONNECTION_STRING", stack.mongoConnectionString());
            env.put("HEADCOUNT_ARTIFACT_ROOT", stack.artifactRoot());
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("DJL_OFFLINE", "true");
            env.putAll(environments.getOrDefault(name, Map.of()));
            commands.put(name, new Command(port, command, env));
        }
        return start(commands, logDirectory);
    }

    /** How one process is started: its HTTP port, command line and the variables added to this JVM's environment. */
    record Command(int port, List<String> commandLine, Map<String, String> environment) {
    }

    /** Starts each command, in order, its output in {@code <name>.log}; on failure stops what started. */
    static ServiceProcesses start(Map<String, Command> commands, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        ServiceProcesses all = new ServiceProcesses();
        try {
            for (Map.Entry<String, Command> entry : commands.entrySet()) {
                String name = entry.getKey();
                Command command = entry.getValue();
                ProcessBuilder builder = new ProcessBuilder(command.commandLine());
                builder.environment().putAll(command.environment());
                Path log = logDirectory.resolve(name + ".log");
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                all.services.put(name, new Service(name, command.port(), builder.start(), log));
                // a restart appends: the log of the run that died is what tells why
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                all.builders.put(name, builder);
            }
        } catch (IOException | RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    public synchronized Service service(String name) {
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
        for (String name : names()) {
            while (true) {
                Service s = service(name);
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

    @Override
    public synchronized List<String> names() {
        return List.copyOf(services.keySet());
    }

    @Override
    public OptionalInt exitCode(String name) {
        Process process = service(name).process();
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Starts the service again as it was first started; a line in its log marks where the new run begins. (Processes
     * the dead one had started itself, such as an {@code mvn} fetching a model, were re-parented when it died and are
     * out of reach here; the new one starts its own.)
     *
     * @throws CancellationException after {@link #close()}: nothing starts any more
     */
    @Override
    public synchronized void restart(String name, String reason) throws IOException {
        if (closed) {
            throw new CancellationException("stopped");
        }
        Service old = service(name);
        if (old.process().isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + old.process().pid() + ")");
        }
        Files.writeString(old.log(), System.lineSeparator() + "---- headcount: " + name + " exited with code "
                + old.process().exitValue() + "; starting it again (" + reason + ") ----" + System.lineSeparator(),
                java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
        services.put(name, new Service(name, old.port(), builders.get(name).start(), old.log()));
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
    public synchronized void close() {
        closed = true;
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
