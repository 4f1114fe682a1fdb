package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.localstack.LocalStack;
import dev.headcount.localstack.StackSettings;
import dev.headcount.localstack.Supervisor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** What run started is stopped once, whoever asks first; nothing starts after that. */
class RunResourcesTest {

    @Test
    void closingStopsTheStackOnceAndRefusesLaterStarts() throws Exception {
        RunResources resources = new RunResources(new PrintStream(new ByteArrayOutputStream()));
        LocalStack stack = resources.startStack(() -> LocalStack.start(StackSettings.temporary()));
        String mongo = stack.mongoConnectionString();
        int port = Integer.parseInt(mongo.substring(mongo.lastIndexOf(':') + 1).replaceAll("\\D.*", ""));
        assertTrue(listening(port));
        assertFalse(resources.stopping());

        resources.close();
        assertTrue(resources.stopping());
        assertFalse(listening(port));
        resources.close(); // the shutdown hook's second call: nothing left to do

        assertThrows(CancellationException.class,
                () -> resources.startStack(() -> LocalStack.start(StackSettings.temporary())));
    }

    /** Ctrl-C (the hook's close) while a service's restart is pending: it is not restarted, nor anything later. */
    @Test
    void closingStopsTheSupervisorFirst() throws Exception {
        List<String> restarted = new ArrayList<>();
        boolean[] exited = {false};
        Supervisor.Processes processes = new Supervisor.Processes() {
            @Override
            public List<String> names() {
                return List.of("pruner-service");
            }

            @Override
            public OptionalInt exitCode(String name) {
                return exited[0] ? OptionalInt.of(130) : OptionalInt.empty();
            }

            @Override
            public void restart(String name, String reason) {
                restarted.add(name);
                exited[0] = false;
            }
        };
        RunResources resources = new RunResources(new PrintStream(new ByteArrayOutputStream()));
        Supervisor supervisor = resources.supervise(new Supervisor(processes,
                new Supervisor.Policy(3, Duration.ZERO, Duration.ZERO), System::nanoTime, line -> { }));
        exited[0] = true;
        supervisor.check(); // the restart is due at the next check ...
        resources.close(); // ... but Ctrl-C comes first
        supervisor.check();
        assertTrue(restarted.isEmpty(), "restarted during shutdown: " + restarted);
        assertThrows(CancellationException.class, () -> resources.supervise(supervisor));
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
