package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying what the report-service wrote beside the report into the run directory. */
class ReportFilesTest {

    @Test
    void copiesTheWholeTreeButCheckpoints(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("artifacts");
        Path source = ReportFiles.directory(root, "exp-1");
        assertEquals(root.resolve("exp-1/pretrained"), source);
        Files.createDirectories(source.resolve("figures"));
        Files.createDirectories(source.resolve("tables"));
        Files.createDirectories(source.resolve("model"));
        Files.writeString(source.resolve("report.md"), "# report");
        Files.writeString(source.resolve("report.json"), "{}");
        Files.writeString(source.resolve("figures/coherence.svg"), "<svg/>");
        Files.write(source.resolve("figures/coherence.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(source.resolve("tables/prunability.csv"), "task,area\n");
        Files.writeString(source.resolve("model/model.safetensors"), "weights");
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("report.md"), "stale");

        assertEquals(5, ReportFiles.copy(source, run));
        assertEquals("# report", Files.readString(run.resolve("report.md")));
        assertTrue(Files.isRegularFile(run.resolve("figures/coherence.png")));
        assertEquals("task,area\n", Files.readString(run.resolve("tables/prunability.csv")));
        assertFalse(Files.exists(run.resolve("model")));
    }
}
