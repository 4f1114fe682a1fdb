package dev.headcount.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.checkpoint.ModelFormatException;
import dev.headcount.engine.data.DataFormatException;
import dev.headcount.messaging.RecordProcessor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A bad model or task file reaches the record path as a permanent failure, its message intact; other errors pass. */
class BadFilesTest {

    @Test
    void badModelAndTaskFilesArePermanentWithTheirMessage() {
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class, () -> BadFiles.asBadInput(() -> {
            throw new ModelFormatException("/models/x/model.safetensors: tensor 'w' holds NaN");
        }));
        assertEquals("/models/x/model.safetensors: tensor 'w' holds NaN", model.getMessage());
        assertTrue(RecordProcessor.isPermanent(model));
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class, () -> BadFiles.asBadInput(() -> {
            throw DataFormatException.at(Path.of("/data/train.tsv"), 3, "expected 2 fields");
        }));
        assertEquals("/data/train.tsv:3: expected 2 fields", data.getMessage());
        assertTrue(RecordProcessor.isPermanent(data));
    }

    @Test
    void otherFailuresStayWhatTheyWere() {
        IOException transientFailure = new IOException("disk busy");
        assertSame(transientFailure, assertThrows(IOException.class, () -> BadFiles.asBadInput(() -> {
            throw transientFailure;
        })));
    }
}
