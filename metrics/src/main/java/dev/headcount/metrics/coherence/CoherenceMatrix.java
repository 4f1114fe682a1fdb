package dev.headcount.metrics.coherence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Coherence between every pair of N named importance maps (e.g. "mlm", "sst2", "mnli"), in the
 * order the maps were given.
 */
public final class CoherenceMatrix {
    private final List<String> names;
    private final Coherence[][] cells;

    private CoherenceMatrix(List<String> names, Coherence[][] cells) {
        this.names = names;
        this.cells = cells;
    }

    /** @param mapsByName maps of one shape; iteration order (use a LinkedHashMap) fixes row and column order */
    public static CoherenceMatrix of(Map<String, double[][]> mapsByName) {
        return of(mapsByName, mapsByName);
    }

    /**
     * @param mapsByName    the maps whose head orders are compared
     * @param rawMapsByName the same maps unnormalised, by the same names, for the layer masses
     */
    public static CoherenceMatrix of(Map<String, double[][]> mapsByName, Map<String, double[][]> rawMapsByName) {
        List<String> names = List.copyOf(mapsByName.keySet());
        if (!rawMapsByName.keySet().equals(mapsByName.keySet())) {
            throw new IllegalArgumentException("raw maps " + rawMapsByName.keySet() + " do not match maps " + names);
        }
        List<double[][]> maps = names.stream().map(mapsByName::get).toList();
        List<double[][]> raw = names.stream().map(rawMapsByName::get).toList();
        int n = names.size();
        Coherence[][] cells = new Coherence[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                cells[i][j] = Coherence.between(maps.get(i), maps.get(j), raw.get(i), raw.get(j));
                cells[j][i] = cells[i][j].swapped();
            }
        }
        return new CoherenceMatrix(names, cells);
    }

    public List<String> names() {
        return names;
    }

    public Coherence between(String first, String second) {
        return cells[indexOf(first)][indexOf(second)];
    }

    /** Each unordered pair of distinct maps once, (first, second) in the given order. */
    public List<CoherencePair> pairs() {
        List<CoherencePair> pairs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                pairs.add(new CoherencePair(names.get(i), names.get(j), cells[i][j]));
            }
        }
        return pairs;
    }

    /**
     * One statistic as a square table, e.g. {@code values(Coherence::spearman)}. The diagonal is each
     * map against itself (1 for the correlations and the overlaps, NaN for all of them when the map is
     * constant).
     */
    public double[][] values(ToDoubleFunction<Coherence> statistic) {
        double[][] values = new double[names.size()][names.size()];
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                values[i][j] = statistic.applyAsDouble(cells[i][j]);
            }
        }
        return values;
    }

    private int indexOf(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no map named '" + name + "'; have " + names);
        }
        return index;
    }
}
