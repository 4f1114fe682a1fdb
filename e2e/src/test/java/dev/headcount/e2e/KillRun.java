package dev.headcount.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.StoredRequests;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.Supervisor;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One experiment of the tiny request ({@link TinyExperiments}) under faults: submitted, its kill points (of different
 * services) watched at once and each one's service {@code kill -9}ed as it is reached (SIGKILL, nothing runs on the way down), the services
 * restarted by a {@link Supervisor} of the experiment's own (the policy {@code headcount run} uses, one per run), the
 * experiment followed to its end. It survived the kills when it completed and its stored results equal the fault-free
 * run's ({@link StoredResults#assertSame}: maps bit for bit, the same evaluations, fine-tunes and pruned model with
 * the same values, no document twice), every killed service was started again, and it is ready again.
 */
final class KillRun {
    /** Generous: on two cores shared with other builds the tiny experiment took 2 to 15 min without faults. */
    private static final Duration FINISH = Duration.ofMinutes(30);

    /**
     * What became of one kill: the restarted service's first event after its restart ({@code backAtWork}, seconds
     * after the kill), or, when it had nothing left to do, when it answered ready again ({@code ready}); NaN when
     * neither was seen. {@code failure} is empty when the experiment survived.
     */
    record Outcome(KillPoint point, String experimentId, double backAtWork, double ready, String failure) {
        boolean survived() {
            return failure.isEmpty();
        }

        /** The seconds until the service was back at work, or until it was ready when it had no work left. */
        String seconds() {
            return Double.isNaN(backAtWork) ? String.format(Locale.ROOT, "%.1f (ready, no work left)", ready)
                    : String.format(Locale.ROOT, "%.1f", backAtWork);
        }

        /** The summary line: {@code KILL | service | point | survived | seconds}. */
        String line() {
            return "KILL | " + point.service() + " | " + point.point() + " | " + (survived() ? "survived"
                    : "NOT SURVIVED: " + failure) + " | " + seconds();
        }
    }

    /** One kill as it happened: the process killed and when. */
    private static final class Kill {
        final KillPoint point;
        final long pid;
        final long killedNanos;
        long restartedNanos;
        double backAtWork = Double.NaN;
        double ready = Double.NaN;

        Kill(KillPoint point, long pid, long killedNanos) {
            this.point = point;
            this.pid = pid;
            this.killedNanos = killedNanos;
        }
    }

    private final RunningSystem system;
    private final ExperimentEvents events;
    private final String baselineId;

    KillRun(RunningSystem system, ExperimentEvents events, String baselineId) {
        this.system = system;
        this.events = events;
        this.baselineId = baselineId;
    }

    /**
     * Runs experiment {@code experimentId} with {@code points}, at most one per service. Never throws for a run that did not survive: the outcomes say why, so a suite
     * can go on with its other points and report them all.
     */
    List<Outcome> run(String experimentId, List<KillPoint> points) throws Exception {
        if (points.stream().map(KillPoint::service).distinct().count() < points.size()) {
            throw new IllegalArgumentException("one kill point per service and run (a second kill of one service "
                    + "would race its restart): " + points);
        }
        ServiceProcesses services = system.services();
        Map<String, Long> logStarts = new HashMap<>();
        for (String name : services.names()) {
            logStarts.put(name, Files.size(services.service(name).log()));
        }
        KillPoint.Watch watch = new KillPoint.Watch() {
            @Override
            public String experimentId() {
                return experimentId;
            }

            @Override
            public ExperimentEvents events() {
                return events;
            }

            @Override
            public String log(String service) {
                return since(services.service(service).log(), logStarts.getOrDefault(service, 0L));
            }
        };
        List<String> messages = new ArrayList<>();
        Supervisor supervisor = new Supervisor(services, Supervisor.Policy.DEFAULT, System::nanoTime, line -> {
            messages.add(line);
            System.out.println("supervisor: " + line);
        });
        List<Kill> kills = new ArrayList<>();
        String failure = "";
        try {
            HttpResponse<String> submitted = system.submit(TinyExperiments.request(experimentId));
            if (submitted.statusCode() != 202) {
                throw new AssertionError("submitting " + experimentId + ": " + submitted.statusCode() + " "
                        + submitted.body());
            }
            killAll(points, watch, supervisor, kills);
            JsonNode finished = awaitFinished(experimentId, supervisor, kills);
            if (!finished.get("status").asText().equals("completed")) {
                throw new AssertionError(experimentId + " did not complete: " + finished.toPrettyString());
            }
            awaitBack(supervisor, kills);
            check(experimentId, kills, messages);
        } catch (AssertionError | IOException | Supervisor.GaveUpException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            System.out.println(experimentId + " failed: " + e + system.logTails());
            try {
                awaitBack(supervisor, kills); // the next run should find the whole system up all the same
            } catch (AssertionError | IOException | Supervisor.GaveUpException e2) {
                System.out.println("and the system is not whole again: " + e2.getMessage());
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Kill kill : kills) {
            outcomes.add(new Outcome(kill.point, experimentId, kill.backAtWork, kill.ready, failure));
        }
        for (KillPoint missed : points) {
            if (kills.stream().noneMatch(k -> k.point == missed)) {
                outcomes.add(new Outcome(missed, experimentId, Double.NaN, Double.NaN, failure.isEmpty()
                        ? "never killed" : failure));
            }
        }
        return outcomes;
    }

    /**
     * Watches every point at once (supervising meanwhile) and kills each one's service its delay after the point is
     * reached, until all are killed: the points of one run belong to different services, and each is killed at its
     * own moment whatever the order in which the moments come (a kill delays what follows, so that order is not
     * fixed).
     */
    private void killAll(List<KillPoint> points, KillPoint.Watch watch, Supervisor supervisor, List<Kill> kills)
            throws Exception {
        long deadline = System.nanoTime() + FINISH.toNanos();
        Map<KillPoint, Long> reachedAt = new HashMap<>();
        while (kills.size() < points.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in " + FINISH + ": " + points.stream()
                        .filter(p -> kills.stream().noneMatch(k -> k.point == p)).toList() + system.logTails());
            }
            supervise(supervisor, kills);
            for (KillPoint point : points) {
                if (kills.stream().anyMatch(k -> k.point == point)) {
                    continue;
                }
                if (!reachedAt.containsKey(point) && point.reached().test(watch)) {
                    reachedAt.put(point, System.nanoTime());
                }
                Long reached = reachedAt.get(point);
                if (reached != null && System.nanoTime() - reached >= point.delayMillis() * 1_000_000L) {
                    kills.add(kill(point, watch));
                }
            }
            Thread.sleep(10);
        }
    }

    /** Kills the point's service as {@code kill -9} does and waits for it to be gone. */
    private Kill kill(KillPoint point, KillPoint.Watch watch) throws InterruptedException {
        ServiceProcesses.Service s = system.services().service(point.service());
        s.process().destroyForcibly(); // Process.destroyForcibly is SIGKILL on Linux: kill -9
        long killed = System.nanoTime();
        if (!s.process().waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(point.service() + " (pid " + s.process().pid() + ") outlived SIGKILL by 10 s");
        }
        System.out.println("killed " + point + " of " + watch.experimentId() + " (pid " + s.process().pid() + ")");
        return new Kill(point, s.process().pid(), killed);
    }

    private JsonNode awaitFinished(String id, Supervisor supervisor, List<Kill> kills) throws Exception {
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (System.nanoTime() < deadline) {
            supervise(supervisor, kills);
            JsonNode status;
            try {
                status = system.experiment(id);
            } catch (IOException unreachable) {
                status = null; // the report-service is down or not yet ready again
            }
            if (status != null && (status.get("status").asText().equals("completed")
                    || status.get("status").asText().equals("failed"))) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " not finished after " + FINISH + system.logTails());
    }

    /**
     * After the experiment: waits until every killed service is ready again (so that the next experiment finds the
     * whole system up), and notes when each answered.
     */
    private void awaitBack(Supervisor supervisor, List<Kill> kills) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (kills.stream().anyMatch(k -> Double.isNaN(k.ready))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready again 8 min after the experiment: " + kills.stream()
                        .filter(k -> Double.isNaN(k.ready)).map(k -> k.point.service()).toList() + system.logTails());
            }
            supervise(supervisor, kills);
            Thread.sleep(200);
        }
    }

    /** Restarts what exited, and notes for each kill its restart, first event after it, and readiness. */
    private void supervise(Supervisor supervisor, List<Kill> kills) throws IOException, InterruptedException {
        supervisor.check();
        for (Kill kill : kills) {
            ServiceProcesses.Service s = system.services().service(kill.point.service());
            if (s.process().pid() == kill.pid) {
                continue; // not restarted yet
            }
            long now = System.nanoTime();
            if (kill.restartedNanos == 0) {
                kill.restartedNanos = now;
            }
            if (Double.isNaN(kill.backAtWork)) {
                events.firstAfter(kill.restartedNanos, e -> publishedBy(e, kill.point.service()))
                        .ifPresent(e -> kill.backAtWork = (e.seenNanos() - kill.killedNanos) / 1e9);
            }
            if (Double.isNaN(kill.ready) && ready(s)) {
                kill.ready = (now - kill.killedNanos) / 1e9;
            }
        }
    }

    private boolean ready(ServiceProcesses.Service s) throws InterruptedException {
        try {
            return system.http().send(HttpRequest.newBuilder(s.baseUri().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Whether {@code service} published the event (each event type has one publisher, the report's by its field). */
    static boolean publishedBy(ExperimentEvents.Seen e, String service) {
        return switch (e.type()) {
            case "WorkDone" -> e.body().path("worker").asText().startsWith(service + "@");
            case "Progress" -> e.body().path("service").asText().equals(service);
            case "FineTuneProgress", "ModelFineTuned" -> service.equals(KillPoints.FINETUNE);
            case "ImportanceMapCompleted", "PrunedModelReady" -> service.equals(KillPoints.SCORER);
            case "MaskedModelEvaluated" -> service.equals(KillPoints.PRUNER);
            case "WorkRequested", "ExperimentRequested", "ExperimentCompleted" -> service.equals(KillPoints.REPORT);
            default -> false;
        };
    }

    /** The survival checks besides completion: restarts as the supervisor said, logs appended, results equal. */
    private void check(String experimentId, List<Kill> kills, List<String> messages) throws IOException {
        Map<String, Integer> expected = new HashMap<>();
        kills.forEach(k -> expected.merge(k.point.service(), 1, Integer::sum));
        for (Kill kill : kills) {
            String log = new String(Files.readAllBytes(system.services().service(kill.point.service()).log()),
                    StandardCharsets.UTF_8);
            if (!log.contains("---- headcount: " + kill.point.service() + " exited with code 137; starting it again")) {
                throw new AssertionError("the log of " + kill.point.service() + " was not appended to");
            }
        }
        if (!messages.containsAll(expected.keySet().stream()
                .map(s -> s + " exited with code 137; restarting (1 of 3) in 1 s").toList())) {
            throw new AssertionError("the supervisor did not report each kill as exit 137: " + messages);
        }
        DirectoryArtifactStore store = new DirectoryArtifactStore(system.stack().artifactRoot());
        ExperimentPlan plan = StoredRequests.plan(store, experimentId);
        try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
            StoredResults.assertSame(client.getDatabase("headcount"), baselineId, experimentId, plan);
        }
    }

    /** A log from byte {@code start} on (bytes, not Files.readString: a line that is not UTF-8 must not end a test). */
    private static String since(Path log, long start) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(start, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // being appended to by a restart: the next look sees it
        }
    }
}
