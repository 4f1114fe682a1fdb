package dev.headcount.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ModelVariant;
import dev.headcount.localstack.LocalStack;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.StackInfo;
import dev.headcount.localstack.StackSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole study on one machine: the local stack, the four services as separate processes, one
 * experiment submitted to the report-service and followed to the end, the report written.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the local stack and the four services, run an experiment end to end with progress"
                + " bars, write the report, and stop everything (unless --keep-running).")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "default", description = "default, quick or bert-base-mlm")
    String preset;

    @Option(names = "--model", description = "a model directory or built-in name instead of the preset's")
    String model;

    @Option(names = "--pretrain-task", description = "pre-training task, e.g. builtin/sotu (MLM) or builtin/sotu-pairs")
    String pretrainTask;

    @Option(names = "--tasks", split = ",", description = "downstream tasks, e.g. glue/rte=/path/RTE,builtin/spam")
    List<String> tasks;

    @Option(names = "--out", description = "report directory (default runs/<date-time>)")
    Path out;

    @Option(names = "--keep-running", description = "leave the stack and services up after the experiment")
    boolean keepRunning;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "give up after this long (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>(ExperimentPresets.of(preset));
        if (model != null) {
            request.put("model", model);
        }
        if (pretrainTask != null) {
            request.put("pretrainingTask", pretrainTask);
        }
        if (tasks != null) {
            request.put("downstreamTasks", tasks);
        }
        Path repository = Path.of(System.getProperty("headcount.repository", ".")).toAbsolutePath().normalize();
        Path runDir = out != null ? out
                : repository.resolve("runs").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDir);
        long started = System.nanoTime();
        System.err.println("headcount: starting Kafka and MongoDB on 127.0.0.1 (state in " + runDir.resolve("stack") + ")");
        LocalStack stack = LocalStack.start(StackSettings.in(runDir.resolve("stack"), 0, 0));
        StackInfo info = stack.info();
        System.err.println("headcount: starting scorer, pruner, finetune and report services (logs in "
                + runDir.resolve("logs") + ")");
        ServiceProcesses services = ServiceProcesses.start(repository, info, runDir.resolve("logs"), List.of("-Xmx3g"));
        Thread stopper = new Thread(() -> stop(services, stack), "headcount-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            services.awaitReady(Duration.ofMinutes(5));
            URI report = services.service("report-service").baseUri();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(report.resolve("/experiments"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (submitted.statusCode() != 202) {
                throw new IllegalArgumentException("the report-service refused the experiment: " + submitted.body());
            }
            String id = JSON.readTree(submitted.body()).get("experimentId").asText();
            System.err.println("headcount: experiment " + id + " submitted; dashboard API at " + report
                    + "/experiments/" + id);
            JsonNode last = follow(http, report.resolve("/experiments/" + id));
            copyReport(new DirectoryArtifactStore(Path.of(info.artifactRoot())), id, runDir);
            String markdown = Files.readString(runDir.resolve("report.md"));
            System.out.println(markdown);
            System.err.printf("headcount: experiment %s %s in %.1f min; report in %s%n", id,
                    last.get("status").asText(), (System.nanoTime() - started) / 6e10, runDir);
            if (keepRunning) {
                System.err.println("headcount: still running (Kafka " + info.kafkaBootstrapServers() + ", MongoDB "
                        + info.mongoConnectionString() + ", report-service " + report + "); Ctrl-C stops everything");
                Thread.currentThread().join();
            }
            return last.get("status").asText().equals("completed") ? 0 : 1;
        } finally {
            if (!keepRunning) {
                Runtime.getRuntime().removeShutdownHook(stopper);
                stop(services, stack);
            }
        }
    }

    /** Polls the experiment and redraws one status line (done/expected per kind of work) until it ends. */
    private JsonNode follow(HttpClient http, URI experiment) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(experiment).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode progress = status.path("progress");
            StringBuilder line = new StringBuilder("\r");
            for (String stage : List.of("fineTunes", "importanceMaps", "prunedModels", "evaluations")) {
                JsonNode p = progress.path(stage);
                line.append(String.format("%s %d/%d  ", stage, p.path("done").asLong(), p.path("expected").asLong()));
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            line.append(String.format("[%dm%02ds]  ", seconds / 60, seconds % 60));
            System.err.print(line);
            System.err.flush();
            String s = status.path("status").asText();
            if (s.equals("completed") || s.equals("failed")) {
                System.err.println();
                if (s.equals("failed")) {
                    System.err.println("headcount: experiment failed: " + status.path("failures"));
                }
                return status;
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("the experiment did not finish within " + timeout);
    }

    /**
     * Copies what the report-service wrote beside the experiment's request (report.md, report.json, the CSV
     * tables and the figures it links) into the run directory, so that the report opens there with its pictures
     * and data files.
     */
    private static void copyReport(DirectoryArtifactStore store, String id, Path runDir) throws java.io.IOException {
        Path source = store.localPath(store.uriOf(id, ModelVariant.pretrained(), "report.md")).getParent();
        for (String name : List.of("report.md", "report.json")) {
            Files.copy(source.resolve(name), runDir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (var tables = Files.newDirectoryStream(source, "*.csv")) {
            for (Path table : tables) {
                Files.copy(table, runDir.resolve(table.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path figures = source.resolve("figures");
        if (Files.isDirectory(figures)) {
            Files.createDirectories(runDir.resolve("figures"));
            try (var files = Files.list(figures)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, runDir.resolve("figures").resolve(f.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void stop(ServiceProcesses services, LocalStack stack) {
        services.close();
        stack.close();
    }
}
