package dev.headcount.messaging.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.headcount.events.EventJson;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.RecordSettings;
import dev.headcount.messaging.WorkRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PodAnnotator} against a fake Kubernetes API server on 127.0.0.1 (the JDK's HttpServer), which records every
 * request and answers what a test tells it to.
 */
class PodAnnotatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> POD = Map.of("POD_NAME", "scorer-service-7d9f-abcde", "POD_NAMESPACE", "headcount");
    static final String PATH = "/api/v1/namespaces/headcount/pods/scorer-service-7d9f-abcde";

    /** One request as the fake API server saw it. */
    record Seen(String method, String path, String contentType, String authorization, JsonNode body) {
        JsonNode annotations() {
            return body.path("metadata").path("annotations");
        }
    }

    @TempDir
    Path serviceAccount;
    HttpServer server;
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    volatile int status = 200;
    URI api;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(serviceAccount.resolve("token"), "token-1\n");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), JSON.readTree(body)));
            byte[] answer = (status == 200 ? "{\"kind\":\"Pod\"}"
                    : "{\"kind\":\"Status\",\"reason\":\"Forbidden\",\"message\":\"pods is forbidden\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void busyAndIdleAreMergePatchesOfTheOwnPodWithTheServiceAccountsToken() throws IOException {
        PodAnnotator pod = PodAnnotator.fromEnvironment(POD, serviceAccount, api);
        assertTrue(pod.active());
        pod.busy();
        // the kubelet rotates the token: the next patch must carry the new one
        Files.writeString(serviceAccount.resolve("token"), "token-2");
        pod.idle();

        assertEquals(2, seen.size(), seen.toString());
        for (Seen s : seen) {
            assertEquals("PATCH", s.method());
            assertEquals(PATH, s.path());
            assertEquals("application/merge-patch+json", s.contentType());
        }
        assertEquals("Bearer token-1", seen.get(0).authorization());
        assertEquals("Bearer token-2", seen.get(1).authorization());
        assertEquals(JSON.readTree("{\"metadata\":{\"annotations\":{"
                + "\"cluster-autoscaler.kubernetes.io/safe-to-evict\":\"false\","
                + "\"controller.kubernetes.io/pod-deletion-cost\":\"1000\"}}}"), seen.get(0).body());
        assertEquals(JSON.readTree("{\"metadata\":{\"annotations\":{"
                + "\"cluster-autoscaler.kubernetes.io/safe-to-evict\":\"true\","
                + "\"controller.kubernetes.io/pod-deletion-cost\":\"0\"}}}"), seen.get(1).body());
    }

    @Test
    void theWorkRunnerMarksThePodBusyForExactlyTheDurationOfAUnit() {
        PodAnnotator pod = PodAnnotator.fromEnvironment(POD, serviceAccount, api);
        Publisher publisher = new Publisher((topic, key, payload) -> CompletableFuture.completedFuture(null),
                Duration.ofSeconds(1));
        WorkRunner runner = new WorkRunner(new RecordProcessor(new RecordSettings("scorer-service", 1, Duration.ZERO),
                publisher, letter -> { }), publisher, Set.of(WorkUnit.Kind.SCORE), pod);
        WorkRequested request = new WorkRequested("exp-pod", WorkUnit.score(ModelVariant.pretrained(),
                "builtin/sotu-pairs", 0, 2), 0);
        List<String> duringTheUnit = new ArrayList<>();
        runner.process(new Failures.Origin(request.topic(), 0, 3, request.key(), EventJson.toJson(request)), r -> {
            seen.forEach(s -> duringTheUnit.add(s.annotations().path(PodAnnotator.SAFE_TO_EVICT).asText()));
            return false;
        });
        assertEquals(List.of("false"), duringTheUnit, "busy before the unit's work began");
        assertEquals(2, seen.size());
        assertEquals("true", seen.get(1).annotations().path(PodAnnotator.SAFE_TO_EVICT).asText(), "idle after it");
        assertEquals("0", seen.get(1).annotations().path(PodAnnotator.DELETION_COST).asText());
    }

    @Test
    void aRefusedOrUnreachableApiServerNeverFailsTheUnit() throws IOException {
        status = 403;
        PodAnnotator pod = PodAnnotator.fromEnvironment(POD, serviceAccount, api);
        pod.busy(); // a warning, no exception
        assertEquals(1, seen.size());

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        PodAnnotator unreachable = PodAnnotator.fromEnvironment(POD, serviceAccount,
                URI.create("http://127.0.0.1:" + closedPort));
        long start = System.nanoTime();
        unreachable.idle();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "bounded by the timeout");
    }

    @Test
    void outsideKubernetesItPatchesNothing() throws IOException {
        assertFalse(PodAnnotator.fromEnvironment(Map.of(), serviceAccount, api).active(), "no POD_NAME/POD_NAMESPACE");
        assertFalse(PodAnnotator.fromEnvironment(Map.of("POD_NAME", "p"), serviceAccount, api).active(),
                "no namespace");
        assertFalse(PodAnnotator.fromEnvironment(POD, serviceAccount.resolve("absent"), api).active(), "no token");
        assertFalse(PodAnnotator.fromEnvironment(POD, serviceAccount, null).active(), "no API server address");
        Files.writeString(serviceAccount.resolve("ca.crt"), "not a certificate");
        assertFalse(PodAnnotator.fromEnvironment(POD, serviceAccount, URI.create("https://127.0.0.1:1")).active(),
                "an unreadable CA: no patches rather than patches that trust anything");
        PodAnnotator none = PodAnnotator.fromEnvironment(Map.of(), serviceAccount, api);
        none.busy();
        none.idle();
        assertEquals(List.of(), seen);
    }

    @Test
    void theApiServerDefaultsToTheKubernetesServiceFromTheEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(POD);
        env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
        env.put("KUBERNETES_SERVICE_PORT", String.valueOf(server.getAddress().getPort()));
        // https to a plain-HTTP server fails the handshake: a warning, and proof the address came from the environment
        PodAnnotator pod = PodAnnotator.fromEnvironment(env, serviceAccount, null);
        assertTrue(pod.active());
        pod.busy();
        assertEquals(List.of(), seen, "no plain-HTTP request is made to an https address");
    }
}
