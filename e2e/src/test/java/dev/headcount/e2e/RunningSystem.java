package dev.headcount.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.localstack.LocalStack;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.StackSettings;
import dev.headcount.localstack.WorkerScale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole system as a user runs it: a real Kafka broker and MongoDB-wire server, and the four packaged
 * services as separate processes (their logs in {@code e2e/target/service-logs}). One per test JVM, shared
 * by the end-to-end tests through {@link SharedSystem}: starting it takes a minute or two on two cores.
 */
final class RunningSystem implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path repository;
    private final LocalStack stack;
    private final ServiceProcesses services;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningSystem(Path repository, LocalStack stack, ServiceProcesses services) {
        this.repository = repository;
        this.stack = stack;
        this.services = services;
    }

    static RunningSystem start() throws IOException, InterruptedException {
        return start("service-logs", List.of(), Map.of(), WorkerScale.ONE);
    }

    /**
     * A system of its own (not the shared one): its logs in {@code e2e/target/<logs>}, more JVM options and
     * environment for the services (by name, every replica of a worker), and {@code scale.replicas()} processes of
     * each GPU worker.
     */
    static RunningSystem start(String logs, List<String> javaOptions, Map<String, Map<String, String>> environments,
                               WorkerScale scale) throws IOException, InterruptedException {
        Path repository = Path.of(System.getProperty("headcount.repository", "..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("headcount-e2e");
        LocalStack stack = LocalStack.start(StackSettings.in(work.resolve("stack"), 0, 0));
        ServiceProcesses services = null;
        try {
            List<String> options = new java.util.ArrayList<>(List.of("-Xmx1200m"));
            options.addAll(javaOptions);
            services = ServiceProcesses.start(repository, stack.info(), repository.resolve("e2e/target").resolve(logs),
                    options, environments, scale);
            services.awaitReady(Duration.ofMinutes(4));
            return new RunningSystem(repository, stack, services);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (services != null) {
                services.close();
            }
            stack.close();
            throw e;
        }
    }

    Path repository() {
        return repository;
    }

    LocalStack stack() {
        return stack;
    }

    /** The service processes, e.g. to kill one and have a {@code Supervisor} start it again. */
    ServiceProcesses services() {
        return services;
    }

    /** The report-service's base URI (the experiment API and the dashboard). */
    URI report() {
        return services.service("report-service").baseUri();
    }

    HttpClient http() {
        return http;
    }

    /** POSTs an experiment request; returns the response (202 when accepted). */
    HttpResponse<String> submit(Map<String, Object> request) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(report().resolve("/experiments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /experiments/{id}}, or null while it answers something else than 200. */
    JsonNode experiment(String experimentId) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(report().resolve("/experiments/" + experimentId))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    /** Polls the experiment until it is completed or failed; fails with every service's log tail otherwise. */
    JsonNode awaitFinished(String experimentId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode status = experiment(experimentId);
            if (status != null) {
                last = status;
                String s = status.get("status").asText();
                if (s.equals("completed") || s.equals("failed")) {
                    return status;
                }
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("experiment " + experimentId + " not finished after " + timeout + "; last status "
                + (last == null ? "none" : last.toPrettyString()) + logTails());
    }

    /** The end of every service's log, for failure messages. */
    String logTails() {
        StringBuilder logs = new StringBuilder();
        for (String name : services.names()) {
            logs.append("\n--- ").append(name).append('\n').append(ServiceProcesses.tail(services.service(name).log()));
        }
        return logs.toString();
    }

    @Override
    public void close() {
        try {
            services.close();
        } finally {
            stack.close();
        }
    }
}
