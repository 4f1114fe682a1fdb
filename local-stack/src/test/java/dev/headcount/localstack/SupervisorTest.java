package dev.headcount.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The restart policy on fake processes and a fake clock: what restarts, when, how often, and when not. */
class SupervisorTest {

    /** Processes that exit when told to; a restart makes one run again. */
    private static final class FakeProcesses implements Supervisor.Processes {
        final Map<String, Integer> exited = new LinkedHashMap<>();
        final List<String> restarted = new ArrayList<>();
        final List<String> names;

        FakeProcesses(String... names) {
            this.names = List.of(names);
        }

        @Override
        public List<String> names() {
            return names;
        }

        @Override
        public OptionalInt exitCode(String name) {
            Integer code = exited.get(name);
            return code == null ? OptionalInt.empty() : OptionalInt.of(code);
        }

        @Override
        public void restart(String name, String reason) {
            assertTrue(exited.containsKey(name), name + " restarted while running");
            exited.remove(name);
            restarted.add(name);
            liveness.remove(name);
        }

        /** What each process says when asked (UNKNOWN where not set); every question counted. */
        final Map<String, Supervisor.Liveness> liveness = new LinkedHashMap<>();
        final List<String> asked = new ArrayList<>();
        final List<String> killed = new ArrayList<>();

        @Override
        public Supervisor.Liveness liveness(String name) {
            asked.add(name);
            return liveness.getOrDefault(name, Supervisor.Liveness.UNKNOWN);
        }

        @Override
        public void kill(String name) {
            assertTrue(!exited.containsKey(name), name + " killed after it exited");
            killed.add(name);
            exited.put(name, 137);
        }
    }

    private final FakeProcesses processes = new FakeProcesses("scorer-service", "pruner-service");
    private final List<String> messages = new ArrayList<>();
    private long now = 1_000_000_000L;

    private Supervisor supervisor(Supervisor.Policy policy) {
        return new Supervisor(processes, policy, () -> now, messages::add);
    }

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void aProcessThatExitsIsRestartedAfterItsBackoffAndAnnounced() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.DEFAULT);
        supervisor.check();
        assertEquals(List.of(), processes.restarted);

        processes.exited.put("pruner-service", 137);
        supervisor.check();
        assertEquals(List.of("pruner-service exited with code 137; restarting (1 of 3) in 1 s"), messages);
        assertEquals(List.of(), processes.restarted, "restarted before its backoff");

        advance(Duration.ofMillis(999));
        supervisor.check();
        assertEquals(List.of(), processes.restarted, "restarted before its backoff");

        advance(Duration.ofMillis(1));
        supervisor.check();
        assertEquals(List.of("pruner-service"), processes.restarted);
        assertEquals("pruner-service restarted (1 of 3)", messages.get(1));
        assertEquals(Map.of("pruner-service", 1), supervisor.restarts());

        // running again: nothing more happens
        advance(Duration.ofMinutes(5));
        supervisor.check();
        assertEquals(List.of("pruner-service"), processes.restarted);
        assertEquals(2, messages.size());
    }

    @Test
    void theBackoffDoublesPerRestartUpToItsCap() {
        Supervisor.Policy policy = new Supervisor.Policy(10, Duration.ofSeconds(1), Duration.ofSeconds(10));
        List<Duration> waits = new ArrayList<>();
        for (int restart = 1; restart <= 6; restart++) {
            waits.add(policy.backoff(restart));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(10)), waits);
        assertEquals(Duration.ofSeconds(30), Supervisor.Policy.DEFAULT.backoff(1000), "no overflow on many restarts");
    }

    @Test
    void eachRestartOfOneProcessWaitsTwiceAsLong() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.DEFAULT);
        List<Long> waitedMillis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.exited.put("scorer-service", 1);
            supervisor.check();
            long exitedAt = now;
            int before = processes.restarted.size();
            while (processes.restarted.size() == before) {
                advance(Duration.ofMillis(100));
                supervisor.check();
            }
            waitedMillis.add((now - exitedAt) / 1_000_000);
        }
        assertEquals(List.of(1000L, 2000L, 4000L), waitedMillis);
    }

    @Test
    void oneExitMoreThanAllowedEndsTheRunNamingTheProcess() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.withMaxRestarts(2));
        for (int i = 0; i < 2; i++) {
            processes.exited.put("pruner-service", 137);
            supervisor.check();
            advance(Duration.ofMinutes(1));
            supervisor.check();
        }
        assertEquals(2, processes.restarted.size());

        processes.exited.put("pruner-service", 137);
        Supervisor.GaveUpException e = assertThrows(Supervisor.GaveUpException.class, supervisor::check);
        assertEquals("pruner-service", e.name());
        assertEquals(137, e.exitCode());
        assertEquals("pruner-service exited with code 137 after 2 restarts, the most allowed", e.getMessage());
        assertEquals(2, processes.restarted.size());
    }

    @Test
    void theCountIsPerProcess() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.withMaxRestarts(1));
        processes.exited.put("pruner-service", 137);
        processes.exited.put("scorer-service", 143);
        supervisor.check();
        advance(Duration.ofSeconds(1));
        supervisor.check();
        assertEquals(List.of("scorer-service", "pruner-service"), processes.restarted);
        assertEquals(Map.of("pruner-service", 1, "scorer-service", 1), supervisor.restarts());
    }

    @Test
    void withRestartsOffTheFirstExitEndsTheRun() {
        Supervisor supervisor = supervisor(Supervisor.Policy.withMaxRestarts(0));
        processes.exited.put("scorer-service", 1);
        Supervisor.GaveUpException e = assertThrows(Supervisor.GaveUpException.class, supervisor::check);
        assertEquals("scorer-service exited with code 1 (restarts are off)", e.getMessage());
        assertEquals(List.of(), processes.restarted);
    }

    @Test
    void afterStopExitsAreExpectedAndNothingRestarts() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.DEFAULT);
        processes.exited.put("pruner-service", 137);
        supervisor.check(); // scheduled ...
        supervisor.stop(); // ... then Ctrl-C or the end of the run
        processes.exited.put("scorer-service", 143);
        advance(Duration.ofMinutes(1));
        supervisor.check();
        assertEquals(List.of(), processes.restarted);
        assertEquals(1, messages.size(), messages.toString());
    }

    @Test
    void aProcessThatSaysItIsNotAliveForTheGraceIsKilledAndThenRestarted() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.DEFAULT);
        processes.liveness.put("pruner-service", Supervisor.Liveness.DOWN); // e.g. its channel failed
        for (int second = 0; second < 60; second += 10) {
            supervisor.check();
            advance(Duration.ofSeconds(10));
        }
        assertEquals(List.of(), processes.killed, "killed within the 60 s grace");
        supervisor.check(); // DOWN since 60 s
        assertEquals(List.of("pruner-service"), processes.killed);
        assertEquals("pruner-service has said it is not alive for 60 s (/q/health/live DOWN); killing it to start it "
                + "again", messages.get(0));
        supervisor.check(); // its exit is noticed and restarted after the backoff, as any exit
        assertEquals("pruner-service exited with code 137; restarting (1 of 3) in 1 s", messages.get(1));
        advance(Duration.ofSeconds(1));
        supervisor.check();
        assertEquals(List.of("pruner-service"), processes.restarted);
        assertEquals(Map.of("pruner-service", 1), supervisor.restarts());
    }

    @Test
    void aProcessThatRecoversOrCannotAnswerIsLeftAlone() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.DEFAULT);
        processes.liveness.put("pruner-service", Supervisor.Liveness.DOWN);
        for (int i = 0; i < 5; i++) { // DOWN for 40 s ...
            supervisor.check();
            advance(Duration.ofSeconds(10));
        }
        processes.liveness.put("pruner-service", Supervisor.Liveness.LIVE); // ... then alive again: the grace restarts
        supervisor.check();
        advance(Duration.ofSeconds(10));
        processes.liveness.put("pruner-service", Supervisor.Liveness.DOWN);
        for (int i = 0; i < 6; i++) { // DOWN again, for 50 s
            supervisor.check();
            advance(Duration.ofSeconds(10));
        }
        assertEquals(List.of(), processes.killed);
        // never answering (a JVM still starting, a busy machine) is no reason to kill
        processes.liveness.put("pruner-service", Supervisor.Liveness.UNKNOWN);
        for (int i = 0; i < 20; i++) {
            supervisor.check();
            advance(Duration.ofSeconds(10));
        }
        assertEquals(List.of(), processes.killed);
        assertEquals(List.of(), messages);
    }

    @Test
    void aRunningProcessIsAskedAtMostEveryTenSeconds() throws IOException {
        Supervisor supervisor = supervisor(Supervisor.Policy.DEFAULT);
        for (int i = 0; i < 10; i++) { // the run checks every 2 s
            supervisor.check();
            advance(Duration.ofSeconds(2));
        }
        assertEquals(List.of("scorer-service", "pruner-service", "scorer-service", "pruner-service"), processes.asked,
                "at 0 s and 10 s, in 20 s of checks");
    }

    @Test
    void aPolicyThatCannotWorkIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Supervisor.Policy.withMaxRestarts(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new Supervisor.Policy(3, Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Supervisor.Policy(3, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(-1)));
    }
}
