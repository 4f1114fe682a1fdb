package dev.headcount.report.report;

import dev.headcount.report.TinyExperiment;
import dev.headcount.report.aggregation.Completion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Rendering a report again from its report.json gives the same files: the JSON holds everything the renderers read. */
class RenderReportTest {

    @Test
    void theFilesRenderedFromReportJsonAreTheOriginalOnes(@TempDir Path dir) throws Exception {
        TinyExperiment tiny = new TinyExperiment("exp-render");
        ExperimentReport report = ReportBuilder.build(new ExperimentSnapshot(tiny.experimentId, "completed",
                Instant.parse("2025-05-01T09:30:00Z"), Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan,
                tiny.maps(), tiny.evaluations(), tiny.fineTunes(), Completion.expected(tiny.plan), java.util.Map.of(),
                ReportBuilderTest.work(tiny)));
        Path original = dir.resolve("original");
        for (ReportFiles.ReportFile file : ReportFiles.of(report)) {
            Files.createDirectories(original.resolve(file.path()).getParent());
            Files.write(original.resolve(file.path()), file.content());
        }
        Path again = dir.resolve("again");
        RenderReport.main(new String[]{original.resolve(ReportFiles.JSON).toString(), again.toString()});
        for (ReportFiles.ReportFile file : ReportFiles.of(report)) {
            if (file.path().endsWith(".png")) {
                continue; // PNG encoders may differ in metadata between writes; the SVG of the same drawing is compared
            }
            assertArrayEquals(file.content(), Files.readAllBytes(again.resolve(file.path())), file.path());
        }
        Arrays.asList(ReportFiles.JSON, ReportFiles.MARKDOWN).forEach(name ->
                org.junit.jupiter.api.Assertions.assertTrue(Files.isRegularFile(again.resolve(name)), name));
    }
}
