package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.headcount.events.EventJson;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --in-process} from the request {@code run} builds (a JSON map) to the printed tables: the tiny
 * experiment's report lands in the run directory and stdout carries the same key tables as a run through the
 * services, with the progress frame on the log.
 */
class InProcessCommandTest {

    @TempDir
    Path dir;

    @Test
    void runsTheRequestAndPrintsTheKeyTables() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        Map<String, Object> request = EventJson.mapper().convertValue(tiny.request(), new TypeReference<>() { });
        Path runDir = dir.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = InProcessCommand.run(request, runDir, new PrintStream(log, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("Experiment in-process-"), printed);
        assertTrue(printed.contains(": completed"), printed);
        assertTrue(printed.contains("Prunability"), printed);
        assertTrue(printed.contains("full report: " + runDir.resolve("report.md")), printed);
        assertTrue(Files.isRegularFile(runDir.resolve("report.md")));
        assertTrue(Files.isRegularFile(runDir.resolve("report.json")));
        assertTrue(Files.isDirectory(runDir.resolve("artifacts")));
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("completed in"), logged);
    }

    @Test
    void anUnreadableRequestNamesTheField() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        Map<String, Object> request = new LinkedHashMap<>(EventJson.mapper().convertValue(tiny.request(),
                new TypeReference<Map<String, Object>>() { }));
        request.put("pruningFractions", "half");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> InProcessCommand.run(request, dir.resolve("run"), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(refused.getMessage().contains("pruningFractions"), refused.getMessage());
    }
}
