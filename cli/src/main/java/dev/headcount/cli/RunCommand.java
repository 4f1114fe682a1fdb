package dev.headcount.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.cli.remote.ExperimentFollower;
import dev.headcount.cli.remote.ExperimentProgress;
import dev.headcount.cli.remote.ProgressDisplay;
import dev.headcount.cli.remote.ReportFormat;
import dev.headcount.cli.remote.ReportServiceClient;
import dev.headcount.cli.remote.ResultsText;
import dev.headcount.events.EventJson;
import dev.headcount.events.Topics;
import dev.headcount.localstack.LocalStack;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.StackInfo;
import dev.headcount.localstack.StackSettings;
import dev.headcount.localstack.Supervisor;
import dev.headcount.localstack.WorkerScale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole study: one experiment submitted to the report-service and followed to the end with progress bars,
 * the report copied into the run directory and its key tables printed. By default on this machine alone (the
 * local stack and the four services as separate processes); with {@code --kafka}/{@code --mongo} the services
 * start here against an existing Kafka and MongoDB; with {@code --report-url} nothing starts and the experiment
 * goes to a report-service running elsewhere.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an experiment end to end with progress bars, copy its report into the run directory and "
                + "print its key tables.",
                "By default starts the local stack and the four services and stops them at the end (unless "
                        + "--keep-running); --kafka/--mongo use an existing Kafka and MongoDB; --report-url submits to "
                        + "a running report-service and starts nothing."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--preset", defaultValue = "default", description = "default, quick, bert-base-mlm, roberta-base-glue or albert-base-v2-glue")
    String preset;

    @Option(names = "--model", description = "a model directory or built-in name instead of the preset's")
    String model;

    @Option(names = "--pretrain-task", description = "pre-training task, e.g. builtin/sotu (MLM) or builtin/sotu-pairs")
    String pretrainTask;

    @Option(names = "--pretrain-text", paramLabel = "FILE",
            description = "plain text (a .txt file or a folder of them) as the pre-training task: masked LM if the "
                    + "model has an MLM head, else contrastive on consecutive sentences")
    Path pretrainText;

    @Option(names = "--tasks", split = ",", description = "downstream tasks, e.g. glue/rte=/path/RTE,builtin/spam")
    List<String> tasks;

    @Option(names = "--seed", description = "seeds the experiment (scoring examples, masking, shuffling, random rankings, "
            + "initialisation); default the preset's, 42")
    Long seed;

    @Option(names = "--out", description = "report directory (default runs/<date-time>)")
    Path out;

    @Option(names = "--keep-running", description = "leave the stack and services up after the experiment")
    boolean keepRunning;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "use this Kafka (bootstrap servers) instead of starting the local stack; needs --mongo")
    String kafka;

    @Option(names = "--mongo", paramLabel = "mongodb://...",
            description = "use this MongoDB instead of starting the local stack; needs --kafka")
    String mongo;

    @Option(names = "--artifact-root", paramLabel = "DIR",
            description = "with --kafka/--mongo: where the services keep artifacts (default "
                    + "~/.cache/headcount/stack/artifacts, as ./headcount stack up); with --report-url: where that "
                    + "service's artifacts can be read, to copy the report's files")
    Path artifactRoot;

    @Option(names = "--report-url", paramLabel = "URL",
            description = "start nothing: submit to the report-service at URL (e.g. in Kubernetes) and follow it")
    String reportUrl;

    @Option(names = "--max-restarts", defaultValue = "3",
            description = "restart a service that dies during the experiment at most this often (each; waits 1 s, "
                    + "2 s, 4 s, ... up to 30 s before each restart); 0: a service's death ends the run "
                    + "(default ${DEFAULT-VALUE})")
    int maxRestarts;

    @Option(names = "--replicas", paramLabel = "N",
            description = "start N processes of each GPU worker (scorer, pruner, finetune), which share their work "
                    + "topic's partitions and so one experiment's units (1 to 12, the partitions; default 1)")
    Integer replicas;

    @Option(names = "--threads", paramLabel = "T",
            description = "compute threads of each worker process (PyTorch's intra- and inter-op threads, "
                    + "OMP_NUM_THREADS); default the engine's, one per core. Keep N × T within the cores")
    Integer threads;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:HEADCOUNT_AUTH_TOKEN}",
            description = "with --report-url: the report-service's bearer token (default: $HEADCOUNT_AUTH_TOKEN); "
                    + "without: the token for the services started here (default: a new random one)")
    String token;

    @Option(names = "--in-process",
            description = "run the plan in this JVM, without Kafka, MongoDB or the services (artifacts in "
                    + "OUT/artifacts): the same units and the same report, for debugging and to measure what the "
                    + "pipeline costs")
    boolean inProcess;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "give up after this long (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    private static final Duration POLL = Duration.ofSeconds(2);

    private final PrintStream log = System.err;

    @Override
    public Integer call() throws Exception {
        device.apply();
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("--max-restarts must be 0 or more, was " + maxRestarts);
        }
        if (inProcess) {
            requireAlone();
        }
        WorkerScale scale = workerScale(replicas, threads, reportUrl != null);
        RunInfrastructure infrastructure = RunInfrastructure.of(kafka, mongo, artifactRoot, reportUrl, keepRunning);
        Path workingDirectory = Path.of("").toAbsolutePath();
        Map<String, Object> request = RunRequest.of(preset, model, pretrainTask, pretrainText, tasks, workingDirectory);
        if (seed != null) {
            request.put("seed", seed);
        }
        Path repository = Path.of(System.getProperty("headcount.repository", ".")).toAbsolutePath().normalize();
        Path runDir = (out != null ? out.toAbsolutePath()
                : repository.resolve("runs").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
                .normalize();
        Files.createDirectories(runDir);
        if (inProcess) {
            return InProcessCommand.run(request, runDir, log);
        }
        try {
            return infrastructure.mode() == RunInfrastructure.Mode.REPORT_SERVICE
                    ? followRemote(infrastructure, request, runDir)
                    : runHere(infrastructure, request, repository, runDir, scale);
        } catch (CancellationException stopped) {
            return 130; // Ctrl-C: the shutdown hook is stopping everything and says so
        }
    }

    /** {@code --in-process} starts nothing and talks to nothing: options about services and stacks are refused. */
    private void requireAlone() {
        List<String> given = new ArrayList<>();
        if (kafka != null) {
            given.add("--kafka");
        }
        if (mongo != null) {
            given.add("--mongo");
        }
        if (reportUrl != null) {
            given.add("--report-url");
        }
        if (artifactRoot != null) {
            given.add("--artifact-root");
        }
        if (replicas != null) {
            given.add("--replicas");
        }
        if (keepRunning) {
            given.add("--keep-running");
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", given) + " do" + (given.size() == 1 ? "es" : "")
                    + " not apply with --in-process: it runs the plan in this JVM (artifacts under --out)");
        }
    }

    /** Starts the stack (unless external) and the services, runs the experiment, stops them (unless kept). */
    private int runHere(RunInfrastructure infrastructure, Map<String, Object> request, Path repository, Path runDir,
                        WorkerScale scale) throws Exception {
        long started = System.nanoTime();
        RunResources resources = new RunResources(log);
        resources.addShutdownHook();
        try {
            StackInfo stack;
            if (infrastructure.mode() == RunInfrastructure.Mode.LOCAL_STACK) {
                log.println("headcount: starting Kafka and MongoDB on 127.0.0.1 (state in " + runDir.resolve("stack") + ")");
                stack = resources.startStack(() -> LocalStack.start(StackSettings.in(runDir.resolve("stack"), 0, 0))).info();
            } else {
                Files.createDirectories(infrastructure.artifactRoot());
                stack = new StackInfo(infrastructure.kafka(), infrastructure.mongo(),
                        infrastructure.artifactRoot().toString(), ProcessHandle.current().pid());
                log.println("headcount: using Kafka " + stack.kafkaBootstrapServers() + " and MongoDB "
                        + RunInfrastructure.redacted(stack.mongoConnectionString()) + "; artifacts in "
                        + stack.artifactRoot());
            }
            log.println("headcount: starting scorer, pruner, finetune" + describe(scale) + " and report services (logs in "
                    + runDir.resolve("logs") + ")");
            String localToken = token != null && !token.isBlank() ? token.strip() : newToken();
            Map<String, Map<String, String>> environments = Map.of("report-service",
                    reportServiceEnvironment(localToken, Path.of(stack.artifactRoot()), request));
            ServiceProcesses services = resources.startServices(() -> ServiceProcesses.start(repository, stack,
                    runDir.resolve("logs"), withDevice(List.of("-Xmx3g")), environments, scale));
            services.awaitReady(Duration.ofMinutes(5));
            ReportServiceClient client = ReportServiceClient.of(services.service("report-service").baseUri().toString(),
                    "report-service", localToken);
            // the token is in the fragment, which the browser keeps to itself: the dashboard needs it to submit
            log.println("headcount: dashboard at " + client.dashboardUrlWithToken());
            String id = submit(client, request);
            ProgressDisplay display = ProgressDisplay.onStderr();
            Supervisor supervisor = resources.supervise(new Supervisor(services,
                    Supervisor.Policy.withMaxRestarts(maxRestarts), System::nanoTime,
                    line -> display.println("headcount: " + line)));
            JsonNode last = follow(client, id, display, () -> supervise(supervisor, services), resources::stopping);
            // the experiment is over: services that exit now (the end of the run, Ctrl-C) stay down
            supervisor.stop();
            awaitUnitsInReport(id, Path.of(stack.artifactRoot()));
            copyReport(client, id, Path.of(stack.artifactRoot()), runDir);
            printResults(client, id, runDir);
            log.printf("headcount: experiment %s %s in %.1f min; report in %s%n", id, last.path("status").asText(),
                    (System.nanoTime() - started) / 6e10, runDir.resolve("report.md"));
            if (keepRunning) {
                log.println("headcount: still running (Kafka " + stack.kafkaBootstrapServers() + ", MongoDB "
                        + RunInfrastructure.redacted(stack.mongoConnectionString()) + ", report-service "
                        + client.baseUrl() + ", dashboard " + client.dashboardUrlWithToken() + "); Ctrl-C stops "
                        + (infrastructure.mode() == RunInfrastructure.Mode.LOCAL_STACK ? "everything" : "the services"));
                Thread.currentThread().join();
            }
            return exitCode(last);
        } catch (Exception e) {
            if (resources.stopping()) {
                // Ctrl-C: services going away mid-start or mid-run is expected, not an error to report
                throw new CancellationException("stopped");
            }
            throw e;
        } finally {
            if (!keepRunning) {
                resources.close();
            }
        }
    }

    /** {@code --report-url}: submits there and follows; nothing to start or stop. */
    private int followRemote(RunInfrastructure infrastructure, Map<String, Object> request, Path runDir)
            throws Exception {
        ReportServiceClient client = ReportServiceClient.of(infrastructure.reportUrl(), "--report-url", token);
        log.println("headcount: report-service at " + client.baseUrl() + "; dashboard at " + client.dashboardUrl());
        String id = submit(client, request);
        // the experiment goes on without us: after Ctrl-C, say how to find it again
        Thread note = new Thread(() -> log.println("\nheadcount: stopped following " + id + " (it goes on); "
                + "./headcount status " + id + " --url " + client.baseUrl() + " shows where it is"), "headcount-note");
        Runtime.getRuntime().addShutdownHook(note);
        JsonNode last;
        try {
            last = follow(client, id, ProgressDisplay.onStderr(), () -> { }, () -> false);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(note);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the note is being printed
            }
        }
        Path root = infrastructure.artifactRoot();
        if (root != null && Files.isDirectory(ReportFiles.directory(root, id))) {
            copyReport(client, id, root, runDir);
        } else {
            // the service's artifacts are elsewhere (another machine, a volume): the API's report, without figures
            Files.writeString(runDir.resolve("report.md"), client.report(id, ReportFormat.MD), StandardCharsets.UTF_8);
            Files.writeString(runDir.resolve("report.json"), client.report(id, ReportFormat.JSON), StandardCharsets.UTF_8);
            log.println("headcount: wrote the API's report (no figures: they are in the service's artifact store; "
                    + "--artifact-root DIR copies them when that is readable here)");
        }
        printResults(client, id, runDir);
        return exitCode(last);
    }

    private String submit(ReportServiceClient client, Map<String, Object> request) throws InterruptedException {
        String id = client.submit(request);
        log.println("headcount: experiment " + id + " submitted: " + client.experimentPage(id));
        return id;
    }

    private JsonNode follow(ReportServiceClient client, String id, ProgressDisplay display, Runnable healthCheck,
                            BooleanSupplier cancelled) throws InterruptedException {
        JsonNode last = new ExperimentFollower(client, display, POLL, timeout, healthCheck, cancelled)
                .follow(id);
        ExperimentProgress progress = ExperimentProgress.of(last);
        if (progress.status().equals(ExperimentProgress.FAILED)) {
            log.println("headcount: experiment " + id + " failed: " + String.join("; ", progress.failures()));
        }
        return last;
    }

    /**
     * Waits (up to 60 s) until the stored report lists a {@code WorkDone} for every unit of the plan: workers publish
     * it after their results, so the last units' records reach the report-service just after the experiment completed
     * and it writes the report files again then. The copied report.json then has every unit's duration
     * ({@code simulate}). It is the stored files that count, not the API's report: the API reads the units from
     * MongoDB as soon as they are stored, before the files are written again; report.md is written last
     * ({@code ReportFiles}), so a report.md no older than a complete report.json means the rewrite is over.
     */
    private void awaitUnitsInReport(String id, Path artifactRoot)
            throws InterruptedException {
        int expected;
        try {
            expected = dev.headcount.events.WorkPlan.of(dev.headcount.events.StoredRequests.plan(
                    new dev.headcount.events.DirectoryArtifactStore(artifactRoot), id)).units().size();
        } catch (IOException e) {
            return; // no stored request to count by (a failed submission): nothing to wait for
        }
        Path directory = ReportFiles.directory(artifactRoot, id);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (storedUnits(directory) >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        log.println("headcount: the report lists fewer than the plan's " + expected + " units after 60 s; copying it as is");
    }

    /**
     * The distinct units the stored report.json lists, once report.md was written after it (0 before: no report yet,
     * or one being written again).
     */
    static int storedUnits(Path reportDirectory) {
        Path json = reportDirectory.resolve(dev.headcount.report.report.ReportFiles.JSON);
        Path markdown = reportDirectory.resolve(dev.headcount.report.report.ReportFiles.MARKDOWN);
        try {
            if (Files.getLastModifiedTime(markdown).compareTo(Files.getLastModifiedTime(json)) < 0) {
                return 0;
            }
            Set<String> seen = new HashSet<>();
            EventJson.mapper().readTree(json.toFile()).path("units")
                    .forEach(u -> seen.add(u.path("id").asText()));
            return seen.size();
        } catch (IOException notYet) {
            return 0;
        }
    }

    /** Copies the report directory of the artifact store (figures, tables, ...) into the run directory. */
    private void copyReport(ReportServiceClient client, String id, Path artifactRoot, Path runDir)
            throws IOException, InterruptedException {
        Path source = ReportFiles.directory(artifactRoot, id);
        if (!Files.isRegularFile(source.resolve("report.md"))) {
            // a failed experiment has no stored report: keep what the API has
            Files.writeString(runDir.resolve("report.md"), client.report(id, ReportFormat.MD), StandardCharsets.UTF_8);
            Files.writeString(runDir.resolve("report.json"), client.report(id, ReportFormat.JSON), StandardCharsets.UTF_8);
            return;
        }
        int files = ReportFiles.copy(source, runDir);
        log.println("headcount: copied " + files + " report files from " + source);
    }

    /** The key tables on stdout, then where the full report and the dashboard are. */
    private void printResults(ReportServiceClient client, String id, Path runDir) throws InterruptedException {
        System.out.println(ResultsText.render(client.reportJson(id)));
        System.out.println("full report: " + runDir.resolve("report.md"));
        System.out.println("dashboard:   " + client.experimentPage(id));
        System.out.flush();
    }

    /**
     * A service that exited is restarted ({@link Supervisor}: with backoff, a bounded number of times); one that
     * keeps dying ends the run with its log's end, rather than waiting for the timeout.
     */
    private static void supervise(Supervisor supervisor, ServiceProcesses services) {
        try {
            supervisor.check();
        } catch (Supervisor.GaveUpException e) {
            ServiceProcesses.Service service = services.service(e.name());
            throw new IllegalStateException(e.getMessage() + " (--max-restarts); the end of " + service.log() + ":\n"
                    + ServiceProcesses.tail(service.log()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("a service could not be started again: " + e.getMessage(), e);
        }
    }

    /**
     * {@code --replicas} and {@code --threads}, checked before anything starts; they shape the processes started
     * here, so with {@code --report-url} (nothing starts) they are refused rather than ignored.
     */
    static WorkerScale workerScale(Integer replicas, Integer threads, boolean startsNothing) {
        for (var option : new Object[][]{{"--replicas", replicas}, {"--threads", threads}}) {
            if (startsNothing && option[1] != null) {
                throw new IllegalArgumentException(option[0] + " does not apply with --report-url: nothing is started "
                        + "here (scale that report-service's workers where they run)");
            }
        }
        int n = replicas == null ? 1 : replicas;
        if (n < 1 || n > Topics.WORK_PARTITIONS) {
            throw new IllegalArgumentException("--replicas must be in [1, " + Topics.WORK_PARTITIONS
                    + "] (the partitions of a work topic: more replicas would sit idle), was " + n);
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more, was " + threads);
        }
        return new WorkerScale(n, threads == null ? 0 : threads);
    }

    private static String describe(WorkerScale scale) {
        if (scale.equals(WorkerScale.ONE)) {
            return "";
        }
        return " (" + scale.replicas() + " of each" + (scale.threads() > 0 ? ", " + scale.threads() + " thread"
                + (scale.threads() == 1 ? "" : "s") + " each" : "") + ")";
    }

    private static int exitCode(JsonNode last) {
        return last.path("status").asText().equals(ExperimentProgress.COMPLETED) ? 0 : 1;
    }

    /** 32 random bytes, URL-safe: the local stack's token, new for every run. */
    static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The report-service's token, and roots for the files a request may name: the headcount cache, this command's
     * working directory (the request's relative paths were made absolute against it), every file the request names
     * and, for models, the artifact store. Roots set in this command's own environment are left to the service as they are.
     */
    static Map<String, String> reportServiceEnvironment(String token, Path artifactRoot, Map<String, Object> request) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("HEADCOUNT_AUTH_TOKEN", token);
        String cache = Path.of(System.getProperty("user.home"), ".cache", "headcount").toString();
        String workingDirectory = Path.of("").toAbsolutePath().toString();
        // the files this command line names are the user's own choice on the user's own stack: they are roots too
        List<String> data = new ArrayList<>(List.of(cache, workingDirectory));
        List<String> tasks = new ArrayList<>();
        if (request.get("pretrainingTask") instanceof String pretraining) {
            tasks.add(pretraining);
        }
        if (request.get("downstreamTasks") instanceof List<?> downstream) {
            downstream.forEach(task -> tasks.add(String.valueOf(task)));
        }
        tasks.forEach(task -> data.addAll(TaskLocations.files(task)));
        List<String> models = new ArrayList<>(List.of(cache, workingDirectory, artifactRoot.toString()));
        String model = (String) request.get("model");
        if (model != null && Path.of(model).isAbsolute()) {
            models.add(model);
        }
        if (System.getenv("HEADCOUNT_CONFINE_DATA_ROOTS") == null) {
            env.put("HEADCOUNT_CONFINE_DATA_ROOTS", configList(data));
        }
        if (System.getenv("HEADCOUNT_CONFINE_MODEL_ROOTS") == null) {
            env.put("HEADCOUNT_CONFINE_MODEL_ROOTS", configList(models));
        }
        return env;
    }

    /** A list as MicroProfile Config reads it: comma-separated, a comma inside an element escaped. */
    private static String configList(List<String> elements) {
        return String.join(",", elements.stream().map(e -> e.replace(",", "\\,")).toList());
    }

    /** The services run on the device this command was told to use. */
    private List<String> withDevice(List<String> javaOptions) {
        List<String> out = new ArrayList<>(javaOptions);
        out.addAll(device.forChildProcesses());
        return out;
    }
}
