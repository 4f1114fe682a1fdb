package dev.headcount.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas of the GPU workers: the commands {@code headcount run --replicas N --threads T} starts (without starting
 * the services), and replicas added to and stopped in running processes (a shell standing in for a service).
 */
class ServiceProcessesReplicasTest {

    @Test
    void eachWorkerKindGetsItsReplicasOnPortsOfTheirOwnWithItsThreads(@TempDir Path repository) throws Exception {
        for (String service : ServiceProcesses.SERVICES) {
            Path jar = repository.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not started here");
        }
        StackInfo stack = new StackInfo("127.0.0.1:9092", "mongodb://127.0.0.1:27017", "/tmp/artifacts", 1);
        Map<String, ServiceProcesses.Command> commands = ServiceProcesses.commands(repository, stack,
                List.of("-Xmx1g"), Map.of("report-service", Map.of("HEADCOUNT_AUTH_TOKEN", "t"),
                        "pruner-service", Map.of("MP_MESSAGING_INCOMING_PRUNER_IN_MAX_POLL_INTERVAL_MS", "3000")),
                new WorkerScale(2, 1));

        assertEquals(List.of("scorer-service", "scorer-service-2", "pruner-service", "pruner-service-2",
                "finetune-service", "finetune-service-2", "report-service"), List.copyOf(commands.keySet()));
        Set<Integer> ports = new HashSet<>();
        commands.forEach((name, command) -> {
            assertTrue(ports.add(command.port()), name + " shares port " + command.port());
            assertEquals(Integer.toString(command.port()), command.environment().get("QUARKUS_HTTP_PORT"), name);
            assertEquals("127.0.0.1:9092", command.environment().get("KAFKA_BOOTSTRAP_SERVERS"), name);
            assertTrue(command.commandLine().contains("-Xmx1g"), name);
            boolean worker = !name.equals("report-service");
            assertEquals(worker, command.commandLine().contains("-Dai.djl.pytorch.num_threads=1"), name);
            assertEquals(worker, command.commandLine().contains("-Dai.djl.pytorch.num_interop_threads=1"), name);
            assertEquals(worker ? "1" : null, command.environment().get("OMP_NUM_THREADS"), name);
        });
        // a service's own environment reaches every replica of it, and no other service
        assertEquals("3000", commands.get("pruner-service-2").environment()
                .get("MP_MESSAGING_INCOMING_PRUNER_IN_MAX_POLL_INTERVAL_MS"));
        assertEquals(null, commands.get("scorer-service-2").environment()
                .get("MP_MESSAGING_INCOMING_PRUNER_IN_MAX_POLL_INTERVAL_MS"));
        assertEquals("t", commands.get("report-service").environment().get("HEADCOUNT_AUTH_TOKEN"));

        Map<String, ServiceProcesses.Command> one = ServiceProcesses.commands(repository, stack, List.of(), Map.of(),
                WorkerScale.ONE);
        assertEquals(ServiceProcesses.SERVICES, List.copyOf(one.keySet()));
        one.values().forEach(command -> {
            assertFalse(command.commandLine().stream().anyMatch(a -> a.startsWith("-Dai.djl.pytorch.num")),
                    "the engine's default thread count: " + command.commandLine());
            assertFalse(command.environment().containsKey("OMP_NUM_THREADS"));
        });
    }

    @Test
    void outOfRangeScalesAreRefused() {
        assertEquals("replicas must be in [1, 12] (the partitions of a work topic), was 0",
                assertThrows(IllegalArgumentException.class, () -> new WorkerScale(0, 0)).getMessage());
        assertEquals("replicas must be in [1, 12] (the partitions of a work topic), was 13",
                assertThrows(IllegalArgumentException.class, () -> new WorkerScale(13, 0)).getMessage());
        assertEquals("threads must be >= 1 (or 0 for the engine's default), was -1",
                assertThrows(IllegalArgumentException.class, () -> new WorkerScale(1, -1)).getMessage());
        assertEquals("scorer-service-3", ServiceProcesses.replicaName("scorer-service", 3));
        assertEquals("scorer-service", ServiceProcesses.replicaName("scorer-service", 1));
    }

    @Test
    void aReplicaAddedToRunningProcessesGetsAPortAndLogOfItsOwnAndCanBeStopped(@TempDir Path logs) throws Exception {
        Map<String, ServiceProcesses.Command> commands = new LinkedHashMap<>();
        commands.put("worker", new ServiceProcesses.Command(0,
                List.of("sh", "-c", "echo started $WHO on $QUARKUS_HTTP_PORT; exec sleep 600"),
                Map.of("WHO", "worker")).onPort(40001));
        try (ServiceProcesses processes = ServiceProcesses.start(commands, logs)) {
            ServiceProcesses.Service second = processes.addReplica("worker");
            assertEquals("worker-2", second.name());
            assertNotEquals(40001, second.port());
            assertEquals(logs.resolve("worker-2.log"), second.log());
            awaitLog(second.log(), "started worker on " + second.port());
            awaitLog(logs.resolve("worker.log"), "started worker on 40001");
            assertEquals(List.of("worker", "worker-2"), processes.replicas("worker"));
            ServiceProcesses.Service third = processes.addReplica("worker");
            assertEquals("worker-3", third.name());

            processes.stop("worker-2");
            assertFalse(second.process().isAlive());
            assertEquals(List.of("worker", "worker-3"), processes.names(), "a stopped replica is not supervised");
            assertTrue(processes.service("worker").process().isAlive());
            // the lowest free number is taken again
            assertEquals("worker-2", processes.addReplica("worker").name());
            assertThrows(IllegalArgumentException.class, () -> processes.addReplica("nothing"));
        }
    }

    private static void awaitLog(Path log, String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(log) && Files.readAllLines(log).contains(line)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(log + " lacks '" + line + "': " + (Files.isRegularFile(log) ? Files.readString(log)
                : "no log"));
    }
}
