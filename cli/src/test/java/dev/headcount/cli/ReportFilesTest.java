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

    @Test
    void theStoredReportCountsItsUnitsOnlyOnceItsMarkdownWasWrittenAfterIt(@TempDir Path dir) throws Exception {
        // RunCommand copies the stored report once it lists every unit: the report-service writes report.json
        // first and report.md last, so a report.md older than report.json is a rewrite still in progress
        assertEquals(0, RunCommand.storedUnits(dir), "no report yet");
        Path json = dir.resolve("report.json");
        Path markdown = dir.resolve("report.md");
        Files.writeString(markdown, "# report, written before");
        Files.writeString(json, "{\"units\": [{\"id\": \"score/a\"}, {\"id\": \"score/b\"}, {\"id\": \"score/a\"}]}");
        Files.setLastModifiedTime(markdown, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(json).toMillis() - 1000));
        assertEquals(0, RunCommand.storedUnits(dir), "report.md not yet written again");
        Files.setLastModifiedTime(markdown, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(json).toMillis() + 1000));
        assertEquals(2, RunCommand.storedUnits(dir), "two distinct units (one handled twice)");
        Files.writeString(json, "{\"units\": [");
        Files.setLastModifiedTime(markdown, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(json).toMillis() + 1000));
        assertEquals(0, RunCommand.storedUnits(dir), "unreadable: not yet");
    }
}
