package dev.headcount.report.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.StoredRequests;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.report.TestAuth;
import dev.headcount.report.store.Collections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's access rules on a real report-service (real Kafka and MongoDB-wire server): the token on writes and,
 * under this profile, on reads; body size; confinement; maxima; request refusals with nothing stored; experiments in
 * flight per client; and generated bodies through HTTP.
 */
@QuarkusTest
@TestProfile(AccessTest.Profile.class)
@WithTestResource(LocalStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final FuzzRoots ROOTS = FuzzRoots.create();
    static final int IN_FLIGHT = 2;
    static final int MAX_BODY = 4096;
    static final String DATABASE = "access-" + UUID.randomUUID().toString().substring(0, 8);

    /** Its own database and lower limits; reads need the token too. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headcount.limits.in-flight-per-client", Integer.toString(IN_FLIGHT),
                    "headcount.limits.max-body-bytes", Integer.toString(MAX_BODY),
                    "headcount.auth.protect-reads", "true",
                    "headcount.confine.data-roots", ROOTS.dataRoot().toString(),
                    "headcount.confine.model-roots", ROOTS.modelRoot().toString(),
                    "headcount.mongodb.database", DATABASE);
        }
    }

    @TestHTTPResource("/")
    URL base;
    @Inject
    MongoClient mongo;
    @ConfigProperty(name = "headcount.artifact-root")
    String artifactRoot;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void writesWithoutTheTokenAreRefusedWith401() throws Exception {
        String body = valid("exp-noauth").toString();
        HttpResponse<String> none = post(body, null);
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(problems(none).get(0).startsWith("writing needs the service's token"), none.body());
        assertEquals("Bearer realm=\"headcount\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        HttpResponse<String> wrong = post(body, "Bearer " + TestAuth.TOKEN + "x");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(problems(wrong).get(0).startsWith("the token in the Authorization header is not the service's"));
        assertEquals(401, post(body, "Basic " + TestAuth.TOKEN).statusCode());
        assertNotStored("exp-noauth");
    }

    @Test
    @Order(2)
    void theTokenWritesAndReads() throws Exception {
        HttpResponse<String> accepted = post(valid("exp-auth").toString(), TestAuth.BEARER);
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals(200, get("/experiments/exp-auth", TestAuth.BEARER).statusCode());
        // reads are protected under this profile: the header, or ?access_token= (the browser's EventSource)
        HttpResponse<String> unauthenticated = get("/experiments/exp-auth", null);
        assertEquals(401, unauthenticated.statusCode());
        assertTrue(problems(unauthenticated).get(0).startsWith("reading needs the service's token"));
        assertEquals(200, get("/experiments/exp-auth?access_token=" + TestAuth.TOKEN, null).statusCode());
        assertEquals(401, get("/experiments/exp-auth?access_token=wrong", null).statusCode());
    }

    @Test
    @Order(3)
    void oversizedBodiesAre413() throws Exception {
        ObjectNode big = valid("exp-big");
        big.put("padding", "x".repeat(MAX_BODY));
        HttpResponse<String> announced = post(big.toString(), TestAuth.BEARER);
        assertEquals(413, announced.statusCode(), announced.body());
        assertTrue(problems(announced).get(0).contains("more than the limit of " + MAX_BODY
                + " (headcount.limits.max-body-bytes)"), announced.body());
        // without Content-Length (chunked), measured by the resource
        byte[] bytes = big.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri("/experiments"))
                .header("Content-Type", "application/json").header("Authorization", TestAuth.BEARER)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(problems(chunked).get(0).startsWith("the request body has " + bytes.length + " bytes"));
        assertNotStored("exp-big");
    }

    @Test
    @Order(4)
    void pathsOutsideTheRootsAre400NamingFieldAndPath() throws Exception {
        Map<String, String> cases = new TreeMap<>();
        cases.put("dotdot", ROOTS.dataRoot() + "/../outside/secret.txt");
        cases.put("absolute", ROOTS.outside().toString());
        cases.put("symlink", ROOTS.escape().resolve("secret.txt").toString());
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String id = "exp-path-" + c.getKey();
            ObjectNode request = valid(id);
            request.withArray("downstreamTasks").add("my/corpus=file:" + c.getValue() + "?kind=mlm");
            HttpResponse<String> answer = post(request.toString(), TestAuth.BEARER);
            assertEquals(400, answer.statusCode(), answer.body());
            String problem = problems(answer).get(0);
            assertTrue(problem.startsWith("downstreamTasks[1]: data path '" + c.getValue() + "' "), problem);
            assertTrue(problem.contains(switch (c.getKey()) {
                case "dotdot" -> "must not contain '..'";
                case "absolute" -> "is outside the allowed roots";
                default -> "through a symbolic link";
            }), problem);
            assertNotStored(id);
        }
        ObjectNode model = valid("exp-path-model");
        model.put("model", "/etc");
        HttpResponse<String> answer = post(model.toString(), TestAuth.BEARER);
        assertEquals(400, answer.statusCode());
        assertTrue(problems(answer).get(0).startsWith("model: model directory '/etc' is outside the allowed roots"),
                answer.body());
        // inside the roots: accepted
        ObjectNode inside = valid("exp-path-inside");
        inside.put("model", ROOTS.model().toString());
        inside.withArray("downstreamTasks").add("my/corpus=file:" + ROOTS.corpus() + "?kind=mlm");
        HttpResponse<String> ok = post(inside.toString(), TestAuth.BEARER);
        assertEquals(202, ok.statusCode(), ok.body());
    }

    @Test
    @Order(5)
    void eachRequestRefusalNamesTheFieldAndStoresNothing() throws Exception {
        Map<String, String> bodies = new TreeMap<>();
        bodies.put("malformed", "{\"model\": \"builtin:all-MiniLM-L6-v2\",");
        bodies.put("wrong type", valid("exp-r1").put("seed", "abc").toString());
        bodies.put("missing", valid("exp-r2").without("pretrainingTask").toString());
        ObjectNode fraction = valid("exp-r3");
        fraction.putArray("pruningFractions").add(0.0).add(1.0);
        bodies.put("fraction", fraction.toString());
        ObjectNode tasks = valid("exp-r4");
        for (int i = 0; i < 17; i++) {
            tasks.withArray("downstreamTasks").add("builtin/t" + i);
        }
        bodies.put("too many tasks", tasks.toString());
        ObjectNode seeds = valid("exp-r5");
        seeds.putObject("rankings").put("randomSeeds", 21);
        bodies.put("too many seeds", seeds.toString());
        ObjectNode model = valid("exp-r6");
        model.put("model", ROOTS.modelRoot().resolve("no-such-model").toString());
        bodies.put("unknown model", model.toString());
        Map<String, String> expected = Map.of("malformed", "body is not JSON",
                "wrong type", "seed: ", "missing", "pretrainingTask is required",
                "fraction", "pruningFractions[1] must be in [0, 1), was 1.0",
                "too many tasks", "downstreamTasks has 18 tasks, more than the limit of 16",
                "too many seeds", "rankings.randomSeeds is 21, more than the limit of 20",
                "unknown model", "model: model directory '" + ROOTS.modelRoot().resolve("no-such-model")
                        + "' does not exist");
        long before = experiments();
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            HttpResponse<String> answer = post(b.getValue(), TestAuth.BEARER);
            assertEquals(400, answer.statusCode(), b.getKey() + ": " + answer.body());
            assertTrue(problems(answer).stream().anyMatch(p -> p.startsWith(expected.get(b.getKey()))),
                    b.getKey() + ": " + answer.body());
        }
        assertEquals(before, experiments(), "nothing stored");
        for (int i = 1; i <= 6; i++) {
            assertNotStored("exp-r" + i);
        }
        // a duplicate id with another request: 409, the stored request unchanged
        ObjectNode other = valid("exp-auth");
        other.put("seed", 99);
        HttpResponse<String> conflict = post(other.toString(), TestAuth.BEARER);
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertTrue(problems(conflict).get(0).startsWith("experiment 'exp-auth' exists with a different request"));
        assertEquals(42L, StoredRequests.load(new DirectoryArtifactStore(Path.of(artifactRoot)), "exp-auth").request()
                .seed(), "the stored request is the first one");
    }

    @Test
    @Order(6)
    void aClientBeyondItsExperimentsInFlightGets429() throws Exception {
        // exp-auth and exp-path-inside are running (no workers here): the limit of 2 is reached
        HttpResponse<String> third = post(valid("exp-third").toString(), TestAuth.BEARER);
        assertEquals(429, third.statusCode(), third.body());
        assertTrue(problems(third).get(0).contains("has 2 experiments running, the limit is 2 "
                + "(headcount.limits.in-flight-per-client)"), third.body());
        assertNotStored("exp-third");
        // the same request again under its id is not one more experiment
        assertEquals(202, post(valid("exp-auth").toString(), TestAuth.BEARER).statusCode());
        // one finishes: room for one more
        finish("exp-auth");
        assertEquals(202, post(valid("exp-third").toString(), TestAuth.BEARER).statusCode());
    }

    @Test
    @Order(7)
    void generatedBodiesThroughHttpAreNever5xx() throws Exception {
        FuzzBodies bodies = new FuzzBodies(ROOTS.corpus(), ROOTS.model(), ROOTS.badPaths());
        Map<FuzzBodies.Kind, int[]> statuses = new EnumMap<>(FuzzBodies.Kind.class);
        // the earlier tests' experiments are still running: finish them, so that valid bodies can be accepted
        mongo.getDatabase(DATABASE).getCollection(Collections.EXPERIMENTS).updateMany(
                com.mongodb.client.model.Filters.eq("status", "running"),
                com.mongodb.client.model.Updates.set("status", "completed"));
        long before = experiments();
        int accepted = 0;
        int tries = 400;
        for (int i = 0; i < tries; i++) {
            FuzzBodies.Kind kind = FuzzBodies.Kind.values()[i % FuzzBodies.Kind.values().length];
            // fixed seeds: a failure names its seed, and the body it printed is made again from it
            long seed = SeededTries.seed(0x4771L, i);
            String body = bodies.body(kind, new Random(seed));
            HttpResponse<String> answer = post(body, TestAuth.BEARER);
            int status = answer.statusCode();
            assertTrue(Set.of(202, 400, 409, 413, 429).contains(status), status + " for seed " + seed + ", body "
                    + body + ": " + answer.body());
            if (status == 202) {
                accepted++;
                // finished at once, so that the limit of experiments in flight does not turn the rest into 429s
                finish(JSON.readTree(answer.body()).path("experimentId").asText());
            } else {
                List<String> problems = problems(answer);
                assertFalse(problems.isEmpty(), "seed " + seed + ", body " + body);
                assertTrue(problems.stream().noneMatch(p -> p.contains("\tat ")), "seed " + seed + ": " + answer.body());
            }
            statuses.computeIfAbsent(kind, k -> new int[6])[status == 202 ? 0 : status == 400 ? 1 : status == 409
                    ? 2 : status == 413 ? 3 : 4]++;
        }
        assertTrue(experiments() <= before + accepted, "only accepted requests are stored");
        System.out.println("HTTP fuzz (" + tries + " bodies): kind | 202 | 400 | 409 | 413 | 429");
        statuses.forEach((kind, s) -> System.out.println("HTTPFUZZ | " + kind.description + " | " + s[0] + " | "
                + s[1] + " | " + s[2] + " | " + s[3] + " | " + s[4]));
    }

    private void finish(String id) {
        mongo.getDatabase(DATABASE).getCollection(Collections.EXPERIMENTS).updateOne(
                com.mongodb.client.model.Filters.eq("_id", id), com.mongodb.client.model.Updates.set("status", "completed"));
    }

    private long experiments() {
        return mongo.getDatabase(DATABASE).getCollection(Collections.EXPERIMENTS).countDocuments();
    }

    private void assertNotStored(String id) {
        assertEquals(0, mongo.getDatabase(DATABASE).getCollection(Collections.EXPERIMENTS)
                .countDocuments(com.mongodb.client.model.Filters.eq("_id", id)), id + " has a document");
        assertThrows(java.io.IOException.class,
                () -> StoredRequests.load(new DirectoryArtifactStore(Path.of(artifactRoot)), id), id + " was stored");
    }

    private static ObjectNode valid(String id) {
        ObjectNode request = JSON.createObjectNode();
        request.put("experimentId", id);
        request.put("model", "builtin:all-MiniLM-L6-v2");
        request.put("pretrainingTask", "builtin/sotu");
        request.putArray("downstreamTasks").add("builtin/spam");
        return request;
    }

    private static List<String> problems(HttpResponse<String> answer) throws Exception {
        JsonNode problems = JSON.readTree(answer.body()).path("problems");
        List<String> out = new java.util.ArrayList<>();
        problems.forEach(p -> out.add(p.asText()));
        return out;
    }

    private HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/experiments"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) throws Exception {
        return base.toURI().resolve(path);
    }
}
