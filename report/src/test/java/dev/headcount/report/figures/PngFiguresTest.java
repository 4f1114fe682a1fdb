package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;
import dev.headcount.report.report.ExperimentReport.RandomSeries;
import dev.headcount.report.report.ExperimentReport.Series;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.headcount.report.figures.SvgAssert.byClass;
import static dev.headcount.report.figures.SvgAssert.parse;
import static dev.headcount.report.figures.SvgAssert.texts;
import static dev.headcount.report.figures.SvgAssert.tooltip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PNG drawn from the same drawing as the SVG: read back pixel by pixel. */
class PngFiguresTest {
    private static final int S = Drawing.PNG_SCALE;

    static BufferedImage image(Drawing drawing) {
        try {
            return ImageIO.read(new ByteArrayInputStream(drawing.png()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The colour at figure coordinates (x, y), as {@code #rrggbb}. */
    static String colourAt(BufferedImage png, double x, double y) {
        return String.format("#%06x", png.getRGB((int) Math.floor(x * S), (int) Math.floor(y * S)) & 0xffffff);
    }

    private static double attribute(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    @Test
    void heatmapCellCentresHaveTheColourScalesColours() {
        List<List<Double>> values = List.of(Arrays.asList(0.0, 0.2, 0.4), Arrays.asList(0.6, 0.8, null));
        ImportanceSection section = new ImportanceSection("spam", "pretrained", "per-example", 2, 3, values, values,
                List.of(0.2, 0.8), values);
        Drawing drawing = ImportanceHeatmap.draw(section, 0.8);
        Document svg = parse(drawing.svg());
        BufferedImage png = image(drawing);

        assertEquals(S * attribute(svg.getDocumentElement(), "width"), png.getWidth());
        assertEquals(S * attribute(svg.getDocumentElement(), "height"), png.getHeight());
        List<Element> cells = byClass(svg, "cell");
        assertEquals(6, cells.size());
        for (int i = 0; i < cells.size(); i++) {
            Double value = values.get(i / 3).get(i % 3);
            String expected = value == null ? Colours.MISSING : Colours.sequential(value / 0.8);
            Element cell = cells.get(i);
            assertEquals(expected, cell.getAttribute("fill"), tooltip(cell));
            double cx = attribute(cell, "x") + attribute(cell, "width") / 2;
            double cy = attribute(cell, "y") + attribute(cell, "height") / 2;
            assertEquals(expected, colourAt(png, cx, cy), tooltip(cell));
        }
        // the layout constants put cell (layer 1, head 2) here; the scale's ends are white and dark blue
        assertEquals(Colours.MISSING, colourAt(png, ImportanceHeatmap.LEFT + 2.5 * ImportanceHeatmap.CELL,
                ImportanceHeatmap.TOP + 1.5 * ImportanceHeatmap.CELL));
        assertEquals(Colours.SEQUENTIAL_HIGH, colourAt(png, ImportanceHeatmap.LEFT + 1.5 * ImportanceHeatmap.CELL,
                ImportanceHeatmap.TOP + 1.5 * ImportanceHeatmap.CELL));
        assertEquals(Colours.SEQUENTIAL_LOW, colourAt(png, ImportanceHeatmap.LEFT + 0.5 * ImportanceHeatmap.CELL,
                ImportanceHeatmap.TOP + 0.5 * ImportanceHeatmap.CELL));
    }

    @Test
    void pruningCurveLineRunsThroughTheScaledPoints() {
        // y domain [0.5, 1.0] (already "nice"), x domain [0, 0.5]
        CurveTable table = new CurveTable("spam", "pretrained", "accuracy", true, List.of(0.0, 0.25, 0.5),
                List.of(new Series("task:spam", List.of(1.0, 0.75, 0.5)), new Series("task:sotu", List.of(0.5, 0.5, 0.5))),
                null);
        Drawing drawing = PruningCurveFigure.draw(table, "sotu");
        BufferedImage png = image(drawing);
        double left = PruningCurveFigure.LEFT;
        double top = PruningCurveFigure.TOP;
        double w = PruningCurveFigure.PLOT_W;
        double h = PruningCurveFigure.PLOT_H;
        // the point (25 %, 0.75) is the middle of the plot; the SVG puts it there too
        double px = left + 0.25 / 0.5 * w;
        double py = top + (1.0 - 0.75) / 0.5 * h;
        Element own = byClass(parse(drawing.svg()), "curve").stream().filter(c -> "task:spam".equals(tooltip(c)))
                .findFirst().orElseThrow();
        assertTrue(own.getAttribute("points").contains(String.format("%.1f,%.1f", px, py)), own.getAttribute("points"));
        assertEquals(PruningCurveFigure.OWN, colourAt(png, px, py));
        // between two points: the line itself, not a marker
        assertEquals(PruningCurveFigure.OWN, colourAt(png, left + 0.125 / 0.5 * w, top + (1.0 - 0.875) / 0.5 * h));
        assertEquals(PruningCurveFigure.OWN, colourAt(png, left + 0.375 / 0.5 * w, top + (1.0 - 0.625) / 0.5 * h));
        // off the line: background
        assertEquals("#ffffff", colourAt(png, px, top + (1.0 - 0.95) / 0.5 * h));
    }

    @Test
    void identicalCurvesStayDistinguishable() {
        List<Double> same = List.of(0.9, 0.8, 0.7);
        CurveTable table = new CurveTable("spam", "pretrained", "accuracy", true, List.of(0.0, 0.25, 0.5),
                List.of(new Series("task:sotu", same), new Series("task:spam", same),
                        new Series("task:ham", List.of(0.9, 0.6, 0.5))),
                new RandomSeries(2, List.of(0.9, 0.5, 0.3), List.of(0.0, 0.1, 0.1), List.of(0.9, 0.45, 0.25),
                        List.of(0.9, 0.55, 0.35)));
        Drawing drawing = PruningCurveFigure.draw(table, "sotu");
        Document svg = parse(drawing.svg());

        List<String> texts = texts(svg);
        assertTrue(texts.contains("own task (spam) = pre-training"), texts.toString());
        assertTrue(texts.contains("pre-training (sotu) = own task"), texts.toString());
        assertTrue(texts.contains("other task (ham)"), texts.toString());
        // every curve its own dash pattern (the own task's solid) ...
        List<Element> curves = byClass(svg, "curve");
        assertEquals(4, curves.size());
        Set<String> dashes = new HashSet<>();
        curves.forEach(c -> dashes.add(c.getAttribute("stroke-dasharray")));
        assertEquals(4, dashes.size());
        // ... and its own marker shape: circles for the own task, polygons of 4, 3 and 12 corners for the others
        List<Element> points = byClass(svg, "point");
        assertEquals(3 + 1, points.stream().filter(p -> p.getLocalName().equals("circle")).count());
        Set<Integer> corners = new HashSet<>();
        points.stream().filter(p -> p.getLocalName().equals("polygon"))
                .forEach(p -> corners.add(p.getAttribute("points").split(" ").length));
        assertEquals(Set.of(4, 3, 12), corners);
        // the own task's thick line is drawn first: the dashed pre-training line shows on top of it
        assertTrue(svg.getDocumentElement().getTextContent().indexOf("task:spam")
                < svg.getDocumentElement().getTextContent().indexOf("task:sotu"));
        BufferedImage png = image(drawing);
        int blue = 0;
        int red = 0;
        double left = PruningCurveFigure.LEFT;
        double w = PruningCurveFigure.PLOT_W;
        for (double f = 0.05; f < 0.2; f += 0.002) {
            double x = left + f / 0.5 * w;
            // y domain [0.2, 1.0]: the nice scale of 0.25 … 0.9
            double y = PruningCurveFigure.TOP + (1.0 - (0.9 - 0.4 * f)) / 0.8 * PruningCurveFigure.PLOT_H;
            String c = colourAt(png, x, y);
            blue += c.equals(PruningCurveFigure.PRETRAINING) ? 1 : 0;
            red += c.equals(PruningCurveFigure.OWN) ? 1 : 0;
        }
        assertTrue(blue > 10 && red > 10, "blue " + blue + ", red " + red);
    }

    @Test
    void pngIsTwiceTheSvgsSizeForEveryFigureKind() {
        for (Drawing drawing : List.of(
                CoherenceMatrixFigure.draw(new dev.headcount.report.report.ExperimentReport.CoherenceSection(
                        List.of("a", "b"), List.of(List.of(1.0, 0.5), List.of(0.5, 1.0)), List.of(), List.of(),
                        List.of())),
                LayerMassBars.draw(List.of()),
                FineTuningBars.draw("spam", List.of()))) {
            Document svg = parse(drawing.svg());
            BufferedImage png = image(drawing);
            assertEquals(S * drawing.width(), png.getWidth());
            assertEquals(S * drawing.height(), png.getHeight());
            assertEquals(drawing.width(), attribute(svg.getDocumentElement(), "width"));
        }
    }
}
