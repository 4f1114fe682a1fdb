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
    void copiesTheReportsTreeButNotTheOtherServicesArtifacts(@TempDir Path dir) throws Exception {
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
        Files.createDirectories(source.resolve("evaluations/random-0/0.5"));
        Files.writeString(source.resolve("evaluations/random-0/0.5/builtin_sotu.json"), "{}");
        Files.writeString(source.resolve("importance-builtin_sotu.json"), "{}");
        Files.writeString(source.resolve("request.json"), "{}");
        Files.writeString(source.resolve("figures/importance-builtin-sotu-pretrained.svg"), "<svg/>");
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("report.md"), "stale");

        assertEquals(6, ReportFiles.copy(source, run));
        assertEquals("# report", Files.readString(run.resolve("report.md")));
        assertTrue(Files.isRegularFile(run.resolve("figures/coherence.png")));
        assertEquals("task,area\n", Files.readString(run.resolve("tables/prunability.csv")));
        assertTrue(Files.isRegularFile(run.resolve("figures/importance-builtin-sotu-pretrained.svg")));
        for (String other : new String[] {"model", "evaluations", "importance-builtin_sotu.json", "request.json"}) {
            assertFalse(Files.exists(run.resolve(other)), other);
        }
    }
}
