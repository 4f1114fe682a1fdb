package dev.headcount.report.report;

import dev.headcount.events.EventJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a report's files again (report.md, report.json, the CSV tables, the figures) from its {@code report.json},
 * with this build's renderers: for when the drawing or the Markdown changed and the numbers did not, so that a
 * report need not be recomputed to be redrawn. The numbers are read, not recomputed.
 *
 * <pre>java -cp 'report-service/target/quarkus-app/lib/main/*' \
 *     dev.headcount.report.report.RenderReport runs/…/report.json OUT-DIR</pre>
 */
public final class RenderReport {
    private RenderReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RenderReport REPORT.json OUT-DIR");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        ExperimentReport report;
        try {
            report = EventJson.mapper().readValue(source.toFile(), ExperimentReport.class);
        } catch (IOException e) {
            System.err.println(source + ": not a report.json this build reads: " + e.getMessage());
            System.exit(1);
            return;
        }
        Path out = Path.of(args[1]);
        for (ReportFiles.ReportFile file : ReportFiles.of(report)) {
            Path target = out.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
        }
        System.err.println("wrote " + out.resolve(ReportFiles.MARKDOWN));
    }
}
