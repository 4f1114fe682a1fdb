package dev.headcount.report.dashboard;

import dev.headcount.report.ExperimentService;
import dev.headcount.report.figures.Figure;
import dev.headcount.report.figures.ReportFigures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's figures drawn from the results so far, on demand (the files under {@code figures/} are written
 * only on completion). A figure with nothing to draw yet ("no data") is left out until it has something.
 */
@ApplicationScoped
public class LiveFigures {
    @Inject
    ExperimentService service;

    /** Empty when there is no such experiment. */
    public Optional<List<Figure>> of(String experimentId) {
        return service.report(experimentId).map(report -> ReportFigures.of(report).stream()
                .filter(LiveFigures::drawn).toList());
    }

    public Optional<Figure> one(String experimentId, String name) {
        return of(experimentId).flatMap(figures -> figures.stream().filter(f -> f.name().equals(name)).findFirst());
    }

    /** The figure as the list endpoint shows it; {@code version} changes whenever the drawing does. */
    public static Map<String, Object> view(String experimentId, Figure figure) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", figure.name());
        view.put("title", figure.alt());
        view.put("placement", placement(figure.placement()));
        view.put("subject", figure.subject());
        view.put("url", "/experiments/" + experimentId + "/figures/" + figure.name() + ".svg");
        view.put("version", Integer.toHexString(figure.svg().hashCode()));
        return view;
    }

    /** {@code IMPORTANCE} → {@code importance}, {@code PRUNING_CURVE} → {@code pruning-curve}. */
    static String placement(Figure.Placement placement) {
        return placement.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The figure writers mark a drawing with nothing in it with the class {@code no-data}. */
    static boolean drawn(Figure figure) {
        return !figure.svg().contains("class=\"no-data\"");
    }
}
