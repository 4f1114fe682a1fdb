package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.StoredRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An artifact directory that cannot be written fails that experiment alone (issue 14). The workers write every result
 * through the artifact store ({@link DirectoryArtifactStore}) under {@code <root>/<experiment>/<variant>/}; this test
 * breaks the directory of the evaluation points on the pre-trained model ({@code pretrained/evaluations}, the first
 * thing the pruner writes: its random curve is handed out at the start) before the experiment is submitted. The test
 * runs as root in CI, so {@code chmod} would not stop a write: the faults are things root cannot write through.
 * <ul>
 *   <li>a regular file where the directory goes, with the tiny experiment submitted at the same time beside it: the
 *       broken one must fail with an {@code ExperimentFailed} of the pruner-service whose reason names the path and
 *       the operating system's error, after the pruner's 2 attempts ({@code headcount.records.max-attempts}; not
 *       forever), with no evaluation of the broken curve stored and no temporary file left; the other must complete
 *       with results equal to a fault-free run's;</li>
 *   <li>a full disk: the directory a symbolic link into a tmpfs of 64 KiB filled to the last byte (mounting needs
 *       CAP_SYS_ADMIN; the test is skipped, saying so, where that is refused). A symbolic link to {@code /dev/full}
 *       would not do: the store writes a temporary file beside the target and renames it over the link, so the bytes
 *       never reach {@code /dev/full}.</li>
 * </ul>
 * The other results the broken experiments' workers had already been handed (the pre-training map, the fine-tune)
 * are still computed and stored: the units of a failed experiment are not withdrawn, only no new ones handed out.
 */
@ExtendWith(SharedSystem.class)
class ArtifactFaultIT {
    private static final String OWN_BASELINE = "e2e-artifacts-baseline";
    private static final String BESIDE = "e2e-artifacts-beside";
    private static final String BLOCKED = "e2e-artifacts-blocked";
    private static final String FULL = "e2e-artifacts-full";
    // generous: two experiments side by side on two cores that other builds share
    private static final Duration FINISH = Duration.ofMinutes(20);

    @Test
    void aFileInTheWayFailsThatExperimentAndTheOneBesideItCompletesUnchanged(RunningSystem system) throws Exception {
        String baseline = PipelineEndToEndIT.EXPERIMENT;
        JsonNode status = system.experiment(baseline);
        if (status == null || !status.get("status").asText().equals("completed")) {
            baseline = OWN_BASELINE;
            assertEquals(202, system.submit(TinyExperiments.request(baseline)).statusCode());
            status = system.awaitFinished(baseline, FINISH);
        }
        assertEquals("completed", status.get("status").asText(), status.toPrettyString());

        Path root = system.stack().artifactRoot();
        Path evaluations = Files.createDirectories(root.resolve(BLOCKED).resolve("pretrained")).resolve("evaluations");
        Files.writeString(evaluations, "a regular file where the experiment's evaluations directory goes\n");

        long started = System.nanoTime();
        assertEquals(202, system.submit(TinyExperiments.request(BESIDE)).statusCode());
        assertEquals(202, system.submit(TinyExperiments.request(BLOCKED)).statusCode());
        JsonNode blocked = system.awaitFinished(BLOCKED, FINISH);
        double failedAfter = (System.nanoTime() - started) / 1e9;
        JsonNode beside = system.awaitFinished(BESIDE, FINISH);
        double besideTook = (System.nanoTime() - started) / 1e9;
        System.out.printf("artifact fault: %s failed after %.1f s (%s); %s beside it %s after %.1f s%n", BLOCKED,
                failedAfter, blocked.path("failure"), BESIDE, beside.get("status").asText(), besideTook);

        assertFailedOnWriting(system, blocked, BLOCKED, evaluations,
                Pattern.quote(evaluations + " is a file, not a directory"));
        assertEquals("a regular file where the experiment's evaluations directory goes\n", Files.readString(evaluations),
                "the file in the way was changed");

        assertEquals("completed", beside.get("status").asText(), beside.toPrettyString());
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
            StoredResults.assertSame(client.getDatabase("headcount"), baseline, BESIDE, StoredRequests.plan(store, BESIDE));
        }
    }

    @Test
    void aFullDiskFailsThatExperimentWithNoSpaceLeft(RunningSystem system) throws Exception {
        Path root = system.stack().artifactRoot();
        Path mount = Files.createTempDirectory("headcount-full-disk");
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "headcount-full", mount.toString())
                .redirectErrorStream(true).start();
        String said = new String(mounting.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(mounting.waitFor(30, TimeUnit.SECONDS) && mounting.exitValue() == 0,
                "no full disk to test with: mounting a 64 KiB tmpfs was refused (needs CAP_SYS_ADMIN): " + said);
        Path evaluations = Files.createDirectories(root.resolve(FULL).resolve("pretrained")).resolve("evaluations");
        try {
            fill(mount);
            Files.createSymbolicLink(evaluations, mount);

            long started = System.nanoTime();
            assertEquals(202, system.submit(TinyExperiments.request(FULL)).statusCode());
            JsonNode full = system.awaitFinished(FULL, FINISH);
            System.out.printf("full disk: %s failed after %.1f s (%s)%n", FULL, (System.nanoTime() - started) / 1e9,
                    full.path("failure"));
            assertFailedOnWriting(system, full, FULL, evaluations, Pattern.quote("No space left on device"));
        } finally {
            Files.deleteIfExists(evaluations);
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(mount);
        }
    }

    /** Writes into the tmpfs until it is full (as root: tmpfs keeps nothing back for root). */
    private static void fill(Path mount) {
        try {
            Files.write(mount.resolve("filler"), new byte[1 << 20]);
        } catch (java.io.IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left on device"), full.toString());
            return;
        }
        throw new AssertionError("1 MiB fitted into the 64 KiB tmpfs at " + mount);
    }

    /**
     * The experiment failed because of the pruner-service's write under {@code evaluations}: its reason names the
     * artifact and matches {@code osError}; the pruner gave the record up after its 2 attempts; no evaluation on the
     * pre-trained model is stored (none could be written) and no temporary file is left where the writes failed.
     */
    private static void assertFailedOnWriting(RunningSystem system, JsonNode status, String experiment,
                                              Path evaluations, String osError) throws Exception {
        assertEquals("failed", status.get("status").asText(), status.toPrettyString());
        JsonNode failure = status.path("failure");
        String reason = failure.path("reason").asText();
        assertEquals("pruner-service", failure.path("service").asText(), status.toPrettyString());
        assertTrue(Pattern.compile("cannot write artifact " + Pattern.quote(evaluations.toString()) + "/\\S+\\.json of "
                + "experiment " + Pattern.quote(experiment) + ": .*" + osError).matcher(reason).find(), reason);

        String log = new String(Files.readAllBytes(system.services().service("pruner-service").log()),
                StandardCharsets.UTF_8);
        // pruner-service/application.properties: headcount.records.max-attempts=2 (an evaluation is not short)
        assertTrue(Pattern.compile("after 2 attempt\\(s\\): .*cannot write artifact " + Pattern.quote(
                evaluations.toString())).matcher(log).find(), "the pruner did not give up after 2 attempts:\n"
                + log.substring(Math.max(0, log.length() - 4000)));

        try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
            var db = client.getDatabase("headcount");
            assertEquals(List.of(), db.getCollection("evaluations").find(Filters.and(
                    Filters.eq("experimentId", experiment), Filters.eq("baseVariant", "pretrained")))
                    .map(d -> d.getString("_id")).into(new java.util.ArrayList<>()),
                    "evaluations that could not be written were stored");
        }
        // only where the failed writes went: the experiment's other units may still be writing elsewhere
        try (var files = Files.walk(evaluations, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            List<Path> temporary = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temporary, "temporary files left");
        }
    }
}
