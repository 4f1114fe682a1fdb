package dev.headcount.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real operating-system processes (a shell that prints and sleeps) in place of the services: a {@code kill -9}ed
 * one comes back through {@link Supervisor} with the same environment, its log appended to; after close nothing
 * runs and nothing starts.
 */
class ServiceProcessesRestartTest {

    private static ServiceProcesses.Command sleeper(String name) {
        return new ServiceProcesses.Command(0, List.of("sh", "-c", "echo started $WHO; exec sleep 600"),
                Map.of("WHO", name));
    }

    @Test
    void aKilledProcessIsStartedAgainAsBeforeAndItsLogKept(@TempDir Path logs) throws Exception {
        Map<String, ServiceProcesses.Command> commands = new LinkedHashMap<>();
        commands.put("one", sleeper("one"));
        commands.put("two", sleeper("two"));
        List<String> messages = new ArrayList<>();
        try (ServiceProcesses processes = ServiceProcesses.start(commands, logs)) {
            Supervisor supervisor = new Supervisor(processes,
                    new Supervisor.Policy(1, Duration.ZERO, Duration.ZERO), System::nanoTime, messages::add);
            awaitLog(logs.resolve("two.log"), "started two", 1);
            Process first = processes.service("two").process();
            supervisor.check();
            assertTrue(messages.isEmpty(), messages.toString());

            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, as kill -9
            supervisor.check(); // notices the exit, schedules the restart (no backoff here) ...
            supervisor.check(); // ... and starts it
            assertEquals(List.of("two exited with code 137; restarting (1 of 1) in 0 s", "two restarted (1 of 1)"),
                    messages);
            Process second = processes.service("two").process();
            assertNotEquals(first.pid(), second.pid());
            assertTrue(second.isAlive());
            awaitLog(logs.resolve("two.log"), "started two", 2);
            String log = Files.readString(logs.resolve("two.log"));
            assertTrue(log.contains("two exited with code 137; starting it again (restart 1 of 1)"), log);
            assertTrue(processes.service("one").process().isAlive());

            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThrows(Supervisor.GaveUpException.class, supervisor::check);

            processes.close();
            assertFalse(processes.service("one").process().isAlive(), "close stops every process");
            assertThrows(CancellationException.class, () -> processes.restart("two", "after close"));
        }
    }

    /**
     * A process's liveness is what its {@code /q/health/live} answers (an HTTP server on 127.0.0.1 at the process's
     * port stands in for Quarkus): 200 alive, 503 not, nothing listening unknown; {@code kill} ends it at once, and
     * the supervisor then restarts it like any exit.
     */
    @Test
    void livenessIsTheHealthEndpointsAnswerAndKillEndsTheProcess(@TempDir Path logs) throws Exception {
        int[] status = {200};
        List<String> paths = new ArrayList<>();
        com.sun.net.httpserver.HttpServer health = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(status[0], -1);
            exchange.close();
        });
        health.start();
        int port = health.getAddress().getPort();
        Map<String, ServiceProcesses.Command> commands = new LinkedHashMap<>();
        commands.put("worker", sleeper("worker").onPort(port));
        try (ServiceProcesses processes = ServiceProcesses.start(commands, logs)) {
            assertEquals(Supervisor.Liveness.LIVE, processes.liveness("worker"));
            status[0] = 503;
            assertEquals(Supervisor.Liveness.DOWN, processes.liveness("worker"));
            status[0] = 500;
            assertEquals(Supervisor.Liveness.UNKNOWN, processes.liveness("worker"), "an error is no answer");
            assertEquals(List.of("/q/health/live", "/q/health/live", "/q/health/live"), paths);
            health.stop(0);
            assertEquals(Supervisor.Liveness.UNKNOWN, processes.liveness("worker"), "nothing listening");

            Process process = processes.service("worker").process();
            processes.kill("worker");
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, processes.exitCode("worker").orElseThrow(), "SIGKILL");
        } finally {
            health.stop(0);
        }
    }

    private static void awaitLog(Path log, String line, int times) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(log) && Files.readAllLines(log).stream().filter(line::equals).count() >= times) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(log + " lacks " + times + " × '" + line + "': "
                + (Files.isRegularFile(log) ? Files.readString(log) : "no log"));
    }
}
