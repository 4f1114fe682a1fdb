package dev.headcount.report.figures;

import dev.headcount.report.report.ExperimentReport.ImportanceSection;

import java.util.ArrayList;
import java.util.List;

/** The share of each task's importance per layer: one group per layer, one bar per task. */
public final class LayerMassBars {
    private LayerMassBars() {
    }

    public static Drawing draw(List<ImportanceSection> sections) {
        int layers = sections.stream().mapToInt(s -> s.layerMass() == null ? 0 : s.layerMass().size()).max().orElse(0);
        List<String> categories = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            categories.add(Integer.toString(l));
        }
        List<String> series = sections.stream().map(ImportanceSection::task).toList();
        List<String> colours = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            colours.add(Colours.categorical(i));
        }
        Double[][] values = new Double[layers][sections.size()];
        for (int l = 0; l < layers; l++) {
            for (int t = 0; t < sections.size(); t++) {
                List<Double> mass = sections.get(t).layerMass();
                values[l][t] = mass != null && l < mass.size() ? mass.get(l) : null;
            }
        }
        return BarChart.draw("Importance mass per layer", "share of importance", "layer", categories, series,
                colours, values);
    }
}
