package dev.headcount.report.report;

import dev.headcount.report.TinyExperiment;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.figures.Drawing;
import dev.headcount.report.figures.Figure;
import dev.headcount.report.report.ReportFiles.ReportFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportFilesTest {
    private final TinyExperiment tiny = new TinyExperiment("exp-files");

    private ExperimentReport complete() {
        return ReportBuilder.build(new ExperimentSnapshot(tiny.experimentId, "completed",
                Instant.parse("2025-05-01T09:30:00Z"), Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan,
                tiny.maps(), tiny.evaluations(), tiny.fineTunes(), Completion.expected(tiny.plan)));
    }

    @Test
    void markdownLastAndEveryLinkIsAFileWrittenBeforeIt() throws Exception {
        List<ReportFile> files = ReportFiles.of(complete());
        List<String> paths = files.stream().map(ReportFile::path).toList();
        assertEquals(ReportFiles.JSON, paths.get(0));
        assertEquals(ReportFiles.MARKDOWN, paths.get(paths.size() - 1));
        assertEquals(paths.size(), Set.copyOf(paths).size());
        // 7 figures, each as SVG and PNG, and 6 tables
        assertEquals(7, paths.stream().filter(p -> p.startsWith("figures/") && p.endsWith(".svg")).count());
        assertEquals(7, paths.stream().filter(p -> p.startsWith("figures/") && p.endsWith(".png")).count());
        assertEquals(6, paths.stream().filter(p -> p.endsWith(".csv")).count());

        String markdown = new String(files.get(files.size() - 1).content(), StandardCharsets.UTF_8);
        Matcher links = Pattern.compile("\\]\\(([^)]+)\\)").matcher(markdown);
        Set<String> linked = new java.util.LinkedHashSet<>();
        while (links.find()) {
            linked.add(links.group(1));
        }
        assertTrue(paths.containsAll(linked), linked.toString());
        // the PNGs are linked (the SVGs are beside them), and every data file
        assertEquals(7, linked.stream().filter(l -> l.endsWith(".png")).count());
        assertEquals(Set.of("importance.csv", "layer-mass.csv", "coherence.csv", "pruning-curves.csv",
                "prunability.csv", "fine-tuning.csv"), linked.stream().filter(l -> l.endsWith(".csv"))
                .collect(Collectors.toSet()));
        assertTrue(markdown.contains("## Data files"), markdown);

        Path dir = Path.of("target", "tiny-report-files");
        for (ReportFile file : files) {
            Files.createDirectories(dir.resolve(file.path()).getParent());
            Files.write(dir.resolve(file.path()), file.content());
        }
    }

    @Test
    void withoutJava2dTheReportLinksTheSvgs() {
        Figure broken = new Figure("broken", Figure.Placement.COHERENCE, null, "broken", new Drawing(10, 10, canvas -> {
            throw new UnsatisfiedLinkError("no libfontmanager here");
        }));
        assertEquals(List.of(), ReportFiles.pngs(List.of(broken)));
    }
}
