package dev.headcount.pipeline;

import dev.headcount.engine.checkpoint.ModelFormatException;
import dev.headcount.engine.data.DataFormatException;

/**
 * The engine's refusal of a bad model or task file, as the record path's permanent failure. The same file fails the
 * same way on every attempt, so retrying it only delays the dead letter; {@code dev.headcount.messaging.RecordProcessor}
 * gives up an {@link IllegalArgumentException} at once, and it cannot name the engine's exceptions itself (it is
 * DJL-free, for the report-service). The message, which names the file and line or the tensor, is kept.
 */
public final class BadFiles {
    private BadFiles() {
    }

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public static void asBadInput(Work work) throws Exception {
        try {
            work.run();
        } catch (ModelFormatException | DataFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
