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
 * what {@link Supervisor} does with a service that died. The GPU workers can run as several replicas each
 * ({@link WorkerScale}, {@link #addReplica}), each a process of its own named {@code <service>-<n>} from the second on.
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

    /** The GPU workers: the services that can run as several replicas ({@link WorkerScale}). */
    public static final List<String> WORKERS = List.of("scorer-service", "pruner-service", "finetune-service");

    private final Map<String, Service> services = new LinkedHashMap<>();
    /** How each service was started, to start it again the same way. */
    private final Map<String, ProcessBuilder> builders = new LinkedHashMap<>();
    /** Each process's command, the first replica's being the pattern of the replicas {@link #addReplica} adds. */
    private final Map<String, Command> commands = new LinkedHashMap<>();
    /** Asks the services' health checks (readiness while starting, liveness for the {@link Supervisor}). */
    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Path logDirectory;
    private boolean closed;
    /**
     * Stops the services when this JVM exits without closing them (a test JVM stopped by its build, Ctrl-C): a
     * service process outlives the JVM that started it, and orphaned workers hold memory and cores.
     */
    private final Thread exitHook = new Thread(this::close, "headcount-services-stop");

    private ServiceProcesses() {
        Runtime.getRuntime().addShutdownHook(exitHook);
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
        return start(repository, stack, logDirectory, javaOptions, environments, WorkerScale.ONE);
    }

    /**
     * As {@link #start(Path, StackInfo, Path, List, Map)}, with {@code scale.replicas()} processes of each GPU worker
     * ({@link #WORKERS}), each on its own HTTP port with its own log ({@link #replicaName}), each computing with
     * {@code scale.threads()} threads. The replicas of a worker share its consumer group, so Kafka splits the work
     * topic's partitions between them.
     */
    public static ServiceProcesses start(Path repository, StackInfo stack, Path logDirectory, List<String> javaOptions,
                                         Map<String, Map<String, String>> environments, WorkerScale scale)
            throws IOException {
        return start(commands(repository, stack, javaOptions, environments, scale), logDirectory);
    }

    /** The command of every process {@link #start(Path, StackInfo, Path, List, Map, WorkerScale)} starts, by name. */
    static Map<String, Command> commands(Path repository, StackInfo stack, List<String> javaOptions,
                                         Map<String, Map<String, String>> environments, WorkerScale scale)
            throws IOException {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (String name : SERVICES) {
            Path jar = repository.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IOException(jar + " is missing: build the services first (mvn -B -DskipTests package)");
            }
            boolean worker = WORKERS.contains(name);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(javaOptions);
            if (worker) {
                command.addAll(scale.javaOptions());
            }
            command.add("-Dai.djl.offline=true");
            command.add("-jar");
            command.add(jar.toString());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
            env.put("QUARKUS_MONGODB_CONNECTION_STRING", stack.mongoConnectionString());
            env.put("HEADCOUNT_ARTIFACT_ROOT", stack.artifactRoot());
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("DJL_OFFLINE", "true");
            if (worker) {
                env.putAll(scale.environment());
            }
            env.putAll(environments.getOrDefault(name, Map.of()));
            Command first = new Command(0, command, env).onPort(FreePorts.orFree(0));
            commands.put(name, first);
            for (int replica = 2; worker && replica <= scale.replicas(); replica++) {
                commands.put(replicaName(name, replica), first.onPort(FreePorts.orFree(0)));
            }
        }
        return commands;
    }

    /**
     * The name (and log file stem) of replica {@code replica} (1-based) of {@code service}: the first keeps the
     * service's own name, so one-replica runs look as they always did; the others are {@code <service>-<replica>},
     * e.g. {@code scorer-service-2}.
     */
    public static String replicaName(String service, int replica) {
        if (replica < 1) {
            throw new IllegalArgumentException("replicas count from 1, was " + replica);
        }
        return replica == 1 ? service : service + "-" + replica;
    }

    /** How one process is started: its HTTP port, command line and the variables added to this JVM's environment. */
    record Command(int port, List<String> commandLine, Map<String, String> environment) {
        Command {
            commandLine = List.copyOf(commandLine);
            environment = Map.copyOf(environment);
        }

        /** The same process on another HTTP port (Quarkus reads it from {@code QUARKUS_HTTP_PORT}): another replica. */
        Command onPort(int newPort) {
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(newPort));
            return new Command(newPort, commandLine, env);
        }
    }

    /** Starts each command, in order, its output in {@code <name>.log}; on failure stops what started. */
    static ServiceProcesses start(Map<String, Command> commands, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        ServiceProcesses all = new ServiceProcesses();
        all.logDirectory = logDirectory;
        try {
            for (Map.Entry<String, Command> entry : commands.entrySet()) {
                all.launch(entry.getKey(), entry.getValue());
            }
        } catch (IOException | RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    private synchronized void launch(String name, Command command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.commandLine());
        builder.environment().putAll(command.environment());
        Path log = logDirectory.resolve(name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        services.put(name, new Service(name, command.port(), builder.start(), log));
        commands.put(name, command);
        // a restart appends: the log of the run that died is what tells why
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builders.put(name, builder);
    }

    /**
     * Starts one more replica of {@code service} (its first replica's command line and environment, a new HTTP port,
     * its own log), e.g. to scale out while the others run; it joins their consumer group, which then shares the
     * partitions out again. Wait for it with {@link #awaitReady}.
     *
     * @return the new replica, named {@link #replicaName}{@code (service, n)} for the lowest free {@code n}
     */
    public synchronized Service addReplica(String service) throws IOException {
        return addReplica(service, Map.of());
    }

    /**
     * As {@link #addReplica(String)}, with more environment for this replica only (it wins over the first
     * replica's), e.g. a setting that differs between the replicas of one kind.
     */
    public synchronized Service addReplica(String service, Map<String, String> environment) throws IOException {
        if (closed) {
            throw new CancellationException("stopped");
        }
        Command first = commands.get(service);
        if (first == null) {
            throw new IllegalArgumentException("no service " + service + " to add a replica of (have " + names() + ")");
        }
        int replica = 2;
        while (services.containsKey(replicaName(service, replica))) {
            replica++;
        }
        String name = replicaName(service, replica);
        Command command = first.onPort(FreePorts.orFree(0));
        Map<String, String> env = new LinkedHashMap<>(command.environment());
        env.putAll(environment);
        launch(name, new Command(command.port(), command.commandLine(), env));
        return services.get(name);
    }

    /**
     * Stops one process (SIGTERM, then SIGKILL after 20 s) and forgets it: it is no longer among {@link #names()}, so
     * a {@link Supervisor} leaves it down. For scaling a worker in again; its log stays.
     */
    public void stop(String name) throws InterruptedException {
        Service s;
        synchronized (this) {
            s = service(name);
            services.remove(name);
            builders.remove(name);
            commands.remove(name);
        }
        s.process().destroy();
        if (!s.process().waitFor(20, TimeUnit.SECONDS)) {
            s.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The running replicas of {@code service}, in the order of their numbers (the first is the service's name). */
    public synchronized List<String> replicas(String service) {
        List<String> out = new ArrayList<>();
        for (String name : services.keySet()) {
            if (name.equals(service) || (name.startsWith(service + "-")
                    && name.substring(service.length() + 1).chars().allMatch(Character::isDigit))) {
                out.add(name);
            }
        }
        return out;
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
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String name : names()) {
            while (true) {
                Service s = service(name);
                if (!s.process().isAlive()) {
                    throw new IOException(s.name() + " exited with code " + s.process().exitValue() + ":\n" + tail(s.log()));
                }
                if (health(s, "ready", Duration.ofSeconds(5)) == 200) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(s.name() + " not ready after " + timeout + ":\n" + tail(s.log()));
                }
                Thread.sleep(500);
            }
        }
    }

    /** The HTTP status of the service's {@code /q/health/<check>}, or -1 when it does not answer. */
    private static int health(Service s, String check, Duration timeout) throws InterruptedException {
        try {
            return HEALTH.send(HttpRequest.newBuilder(s.baseUri().resolve("/q/health/" + check)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Asks the service's {@code /q/health/live}: 200 is alive, 503 is not, anything else (no answer yet) unknown. */
    @Override
    public Supervisor.Liveness liveness(String name) {
        try {
            int status = health(service(name), "live", Duration.ofSeconds(2));
            return status == 200 ? Supervisor.Liveness.LIVE
                    : status == 503 ? Supervisor.Liveness.DOWN : Supervisor.Liveness.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Supervisor.Liveness.UNKNOWN;
        }
    }

    /** Kills the process (SIGKILL): it said it is not alive, so a graceful stop would wait on a broken channel. */
    @Override
    public void kill(String name) {
        service(name).process().destroyForcibly();
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
        if (Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs anyway and finds nothing left to stop
            }
        }
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
