package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.localstack.LocalStack;
import dev.headcount.localstack.StackSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
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

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
