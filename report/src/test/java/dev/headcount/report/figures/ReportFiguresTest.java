package dev.headcount.report.figures;

import dev.headcount.report.TinyExperiment;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.report.ExperimentReport;
import dev.headcount.report.report.ExperimentSnapshot;
import dev.headcount.report.report.MarkdownReport;
import dev.headcount.report.report.ReportBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.headcount.report.figures.SvgAssert.byClass;
import static dev.headcount.report.figures.SvgAssert.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportFiguresTest {
    private final TinyExperiment tiny = new TinyExperiment("exp-figures");

    private ExperimentReport complete() {
        return ReportBuilder.build(new ExperimentSnapshot(tiny.experimentId, "completed",
                Instant.parse("2025-05-01T09:30:00Z"), Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan,
                tiny.maps(), tiny.evaluations(), tiny.fineTunes(), Completion.expected(tiny.plan)));
    }

    @Test
    void everyFigureOfACompleteReport() throws Exception {
        ExperimentReport report = complete();
        List<Figure> figures = ReportFigures.of(report);
        assertEquals(List.of("importance-builtin-sotu-pretrained", "importance-builtin-spam-finetuned-builtin-spam",
                        "layer-mass", "coherence", "pruning-builtin-sotu-pretrained",
                        "pruning-builtin-spam-finetuned-builtin-spam", "finetuning-builtin-spam"),
                figures.stream().map(Figure::name).toList());
        Path dir = Path.of("target", "tiny-figures");
        Files.createDirectories(dir);
        for (Figure figure : figures) {
            parse(figure.svg());
            assertTrue(figure.path(Figure.Format.SVG).matches("figures/[A-Za-z0-9._-]+\\.svg"), figure.name());
            assertEquals("figures/" + figure.name() + ".png", figure.path(Figure.Format.PNG));
            Files.writeString(dir.resolve(figure.name() + ".svg"), figure.svg());
            Files.write(dir.resolve(figure.name() + ".png"), figure.png());
        }
        // the random band of the tiny experiment's two seeds
        Figure spamCurves = figures.get(5);
        assertEquals(1, byClass(parse(spamCurves.svg()), "band").size());
        assertEquals(3, byClass(parse(spamCurves.svg()), "curve").size());
        // the pre-training task correlates perfectly with itself: the top of the diverging scale
        assertEquals(Colours.DIVERGING_HIGH, byClass(parse(figures.get(3).svg()), "cell").get(0).getAttribute("fill"));

        String markdown = MarkdownReport.render(report,
                new MarkdownReport.Attachments(figures, Figure.Format.PNG, List.of()));
        Files.writeString(dir.resolve("report.md"), markdown);
        for (Figure figure : figures) {
            assertTrue(markdown.contains("](" + figure.path(Figure.Format.PNG) + ")\n"), figure.name());
        }
        assertFalse(markdown.contains(".svg)"));
        // each figure sits in its section
        assertTrue(markdown.indexOf("figures/coherence.png") > markdown.indexOf("## Coherence"));
        assertTrue(markdown.indexOf("figures/coherence.png") < markdown.indexOf("## Pruning curves"));
        assertTrue(markdown.indexOf(figures.get(6).path(Figure.Format.PNG))
                > markdown.indexOf("## Before vs after fine-tuning"));
        assertTrue(markdown.indexOf(figures.get(0).path(Figure.Format.PNG))
                < markdown.indexOf(figures.get(1).path(Figure.Format.PNG)));
        // linking the SVGs instead (where PNGs cannot be drawn)
        String svgLinks = MarkdownReport.render(report,
                new MarkdownReport.Attachments(figures, Figure.Format.SVG, List.of()));
        assertTrue(svgLinks.contains("](figures/coherence.svg)\n"));
        assertFalse(svgLinks.contains(".png)"));
        // the plain rendering (the API's) links nothing
        assertFalse(MarkdownReport.render(report).contains("figures/"));
    }

    @Test
    void aReportSoFarHasFiguresOfWhatIsIn() {
        ExperimentReport report = ReportBuilder.build(new ExperimentSnapshot(tiny.experimentId, "running", null, null,
                null, null, tiny.plan, List.of(tiny.map(TinyExperiment.PRETRAINING)),
                List.of(tiny.evaluations().get(0)), List.of(), Completion.expected(tiny.plan)));
        List<Figure> figures = ReportFigures.of(report);
        figures.forEach(f -> parse(f.svg()));
        assertEquals(List.of(Figure.Placement.IMPORTANCE, Figure.Placement.LAYER_MASS, Figure.Placement.PRUNING_CURVE,
                Figure.Placement.PRUNING_CURVE), figures.stream().map(Figure::placement).toList());
    }

    @Test
    void namesAreSafeAndUnique() {
        Set<String> taken = new HashSet<>();
        assertEquals("a-b", ReportFigures.unique(taken, "a/b"));
        assertEquals("a-b-2", ReportFigures.unique(taken, "a b"));
        assertEquals("figure", ReportFigures.unique(taken, "../"));
        assertEquals("x", ReportFigures.unique(taken, "../x"));
    }
}
