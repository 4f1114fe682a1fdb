package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.CoherenceSection;
import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;
import dev.headcount.report.report.ExperimentReport.RandomSeries;
import dev.headcount.report.report.ExperimentReport.Series;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.Arrays;
import java.util.List;

import static dev.headcount.report.figures.SvgAssert.byClass;
import static dev.headcount.report.figures.SvgAssert.parse;
import static dev.headcount.report.figures.SvgAssert.texts;
import static dev.headcount.report.figures.SvgAssert.tooltip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiguresTest {
    private static final double NAN = Double.NaN;

    static List<Double> row(Double... values) {
        return Arrays.asList(values);
    }

    static ImportanceSection section(String task, List<List<Double>> values, List<Double> mass) {
        return new ImportanceSection(task, "pretrained", "per-example", values.size(), values.get(0).size(), values,
                values, mass, values);
    }

    @Test
    void heatmapHasACellPerHeadOnTheSharedScale() {
        ImportanceSection sotu = section("sotu", List.of(row(0.0, 0.5, 1.0), row(0.25, 0.75, 0.1)),
                row(0.5, 0.5));
        ImportanceSection spam = section("spam & <eggs>", List.of(row(2.0, 0.0, 0.0), row(0.0, 0.0, 0.0)),
                row(1.0, 0.0));
        double max = ImportanceHeatmap.sharedMax(List.of(sotu, spam));
        assertEquals(2.0, max);

        Document doc = parse(ImportanceHeatmap.draw(sotu, max).svg());
        List<Element> cells = byClass(doc, "cell");
        assertEquals(6, cells.size());
        // value 1.0 is half the shared maximum 2.0: the middle of the scale, not its top
        assertEquals(Colours.sequential(0.5), cells.get(2).getAttribute("fill"));
        assertEquals(Colours.SEQUENTIAL_LOW, cells.get(0).getAttribute("fill"));
        assertEquals("layer 0 head 2: 1.0000", tooltip(cells.get(2)));
        assertTrue(texts(doc).stream().anyMatch(t -> t.contains("sotu on pretrained")));

        Document other = parse(ImportanceHeatmap.draw(spam, max).svg());
        assertEquals(Colours.SEQUENTIAL_HIGH, byClass(other, "cell").get(0).getAttribute("fill"));
        // the title is escaped and reads back as written
        assertTrue(texts(other).stream().anyMatch(t -> t.contains("spam & <eggs> on pretrained")));
    }

    @Test
    void heatmapIsNanSafe() {
        ImportanceSection gaps = section("t", List.of(row(NAN, 0.5), row(null, Double.POSITIVE_INFINITY)),
                row(null, null));
        Document doc = parse(ImportanceHeatmap.draw(gaps, ImportanceHeatmap.sharedMax(List.of(gaps))).svg());
        assertEquals(4, byClass(doc, "cell").size());
        assertEquals(3, byClass(doc, "missing").size());
        assertEquals(Colours.MISSING, byClass(doc, "missing").get(0).getAttribute("fill"));

        ImportanceSection empty = new ImportanceSection("t", "v", "g", 0, 0, List.of(), List.of(), List.of(), List.of());
        Document none = parse(ImportanceHeatmap.draw(empty, 1).svg());
        assertEquals(0, byClass(none, "cell").size());
        assertEquals(1, byClass(none, "no-data").size());
    }

    @Test
    void coherenceMatrixColoursAndWritesEveryCell() {
        CoherenceSection coherence = new CoherenceSection(List.of("sotu", "spam", "ham"),
                List.of(row(1.0, 0.5, -1.0), row(0.5, 1.0, null), row(-1.0, NAN, 1.0)),
                List.of(), List.of(), List.of());
        Document doc = parse(CoherenceMatrixFigure.draw(coherence).svg());
        List<Element> cells = byClass(doc, "cell");
        assertEquals(9, cells.size());
        assertEquals(Colours.DIVERGING_HIGH, cells.get(0).getAttribute("fill"));
        assertEquals(Colours.DIVERGING_LOW, cells.get(2).getAttribute("fill"));
        assertEquals(Colours.MISSING, cells.get(5).getAttribute("fill"));
        assertEquals(2, byClass(doc, "missing").size());
        List<String> values = byClass(doc, "value").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("1.00", "0.50", "-1.00", "0.50", "1.00", "—", "-1.00", "—", "1.00"), values);
        // white text on the dark ends, black on the light middle
        assertEquals("#ffffff", byClass(doc, "value").get(0).getAttribute("fill"));
        assertEquals(Colours.DIVERGING_MID, Colours.diverging(0));

        Document none = parse(CoherenceMatrixFigure.draw(new CoherenceSection(List.of("sotu"), List.of(row(1.0)),
                List.of(), List.of(), List.of())).svg());
        assertEquals(0, byClass(none, "cell").size());
        assertEquals(1, byClass(none, "no-data").size());
    }

    @Test
    void pruningCurvesHaveAPolylinePerRankingAndARandomBand() {
        CurveTable table = new CurveTable("spam", "pretrained", "accuracy", true, List.of(0.0, 0.25, 0.5),
                List.of(new Series("task:spam", row(0.9, 0.85, 0.8)), new Series("task:sotu", row(0.9, NAN, 0.6)),
                        new Series("task:ham", row(0.9, 0.7, null))),
                new RandomSeries(3, row(0.9, 0.6, 0.4), row(0.0, 0.05, 0.05), row(0.9, 0.55, 0.35),
                        row(0.9, 0.65, 0.45)));
        Document doc = parse(PruningCurveFigure.draw(table, "sotu").svg());
        List<Element> curves = byClass(doc, "curve");
        assertEquals(4, curves.size());
        assertEquals(1, byClass(doc, "random").size());
        assertEquals(1, byClass(doc, "band").size());
        // the band runs along the max and back along the min: 3 + 3 points
        assertEquals(6, byClass(doc, "band").get(0).getAttribute("points").split(" ").length);
        Element own = curves.stream().filter(c -> "task:spam".equals(tooltip(c))).findFirst().orElseThrow();
        assertEquals(PruningCurveFigure.OWN, own.getAttribute("stroke"));
        Element pretraining = curves.stream().filter(c -> "task:sotu".equals(tooltip(c))).findFirst().orElseThrow();
        assertEquals(PruningCurveFigure.PRETRAINING, pretraining.getAttribute("stroke"));
        // the NaN point is skipped, not drawn
        assertEquals(2, pretraining.getAttribute("points").split(" ").length);
        List<String> texts = texts(doc);
        assertTrue(texts.contains("fraction of heads pruned"));
        assertTrue(texts.contains("50 %"));
        assertTrue(texts.contains("accuracy (higher is better)"));
        assertTrue(texts.contains("own task (spam)"));
        assertTrue(texts.contains("pre-training (sotu)"));
        assertTrue(texts.contains("other task (ham)"));
    }

    @Test
    void pruningCurvesWithoutValuesSayNoData() {
        CurveTable table = new CurveTable("spam", "pretrained", null, null, List.of(0.0, 0.5),
                List.of(new Series("task:spam", row(null, NAN))), null);
        Document doc = parse(PruningCurveFigure.draw(table, "sotu").svg());
        assertEquals(0, byClass(doc, "curve").size());
        assertEquals(1, byClass(doc, "no-data").size());
    }

    @Test
    void fineTuningBarsOneBarPerKnownValue() {
        List<FineTuningRow> rows = List.of(
                new FineTuningRow("spam", "accuracy", true, 0.25, 0.9, 0.8, 0.75, 0.85, 0.1),
                new FineTuningRow("spam", "accuracy", true, 0.5, 0.9, 0.6, null, NAN, null));
        Document doc = parse(FineTuningBars.draw("spam", rows).svg());
        List<Element> bars = byClass(doc, "bar");
        assertEquals(6, bars.size());
        assertEquals(FineTuningBars.COLOURS.get(3), bars.get(3).getAttribute("fill"));
        assertEquals("25 %, pruned by pre-training → fine-tuned: 0.8500", tooltip(bars.get(3)));
        // bars grow upwards from 0: a larger value is a taller bar
        assertTrue(height(bars.get(0)) > height(bars.get(1)));
        assertTrue(texts(doc).containsAll(List.of("25 %", "50 %")));

        Document none = parse(FineTuningBars.draw("spam",
                List.of(new FineTuningRow("spam", "accuracy", true, 0.5, null, null, null, null, null))).svg());
        assertEquals(0, byClass(none, "bar").size());
        assertEquals(1, byClass(none, "no-data").size());
    }

    @Test
    void layerMassBarsGroupedByLayerColouredByTask() {
        ImportanceSection sotu = section("sotu", List.of(row(1.0), row(1.0), row(2.0)), row(0.25, 0.25, 0.5));
        ImportanceSection spam = section("spam", List.of(row(1.0), row(0.0), row(1.0)), row(0.5, NAN, 0.5));
        Document doc = parse(LayerMassBars.draw(List.of(sotu, spam)).svg());
        List<Element> bars = byClass(doc, "bar");
        assertEquals(5, bars.size());
        assertEquals(Colours.categorical(0), bars.get(0).getAttribute("fill"));
        assertEquals(Colours.categorical(1), bars.get(1).getAttribute("fill"));
        assertEquals(2, byClass(doc, "legend").size());
        assertTrue(texts(doc).containsAll(List.of("sotu", "spam", "layer")));
    }

    @Test
    void escapingAndScales() {
        assertEquals("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", Svg.escape("a & b <c> \"d\" 'e'\u0001"));
        assertEquals("#ffffff", Colours.sequential(-3));
        assertEquals(Colours.SEQUENTIAL_HIGH, Colours.sequential(7));
        assertEquals(Colours.DIVERGING_HIGH, Colours.diverging(1.0));
        assertEquals(Colours.MISSING, Colours.diverging(NAN));
        Scale scale = Scale.of(0.13, 0.87, 100, 0).nice(5);
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), scale.ticks(5).stream()
                .map(t -> Math.round(t * 1e9) / 1e9).toList());
        assertEquals(100, scale.apply(0), 1e-9);
        assertEquals(0, scale.apply(1), 1e-9);
        // a flat series still gets a usable axis
        Scale flat = Scale.of(0.5, 0.5, 100, 0);
        assertTrue(flat.max > flat.min);
    }

    private static double height(Element rect) {
        return Double.parseDouble(rect.getAttribute("height"));
    }
}
