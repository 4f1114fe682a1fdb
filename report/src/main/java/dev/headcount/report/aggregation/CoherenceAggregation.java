package dev.headcount.report.aggregation;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ModelVariant;
import dev.headcount.metrics.coherence.CoherenceMatrix;
import dev.headcount.metrics.coherence.CoherencePair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coherence between every pair of the experiment's importance maps available so far, named by task, in the
 * order the request names the tasks (pre-training first). The maps compared are the normalised importance
 * the pruner ranks heads by; the rank statistics (Spearman, Kendall) do not depend on a global rescaling,
 * Pearson does. Layer masses are computed on the raw maps (mean |gate gradient|, {@link #rawArray}): the
 * per-layer normalised map holds about 1/L per layer whatever the model does.
 */
public final class CoherenceAggregation {
    private CoherenceAggregation() {
    }

    /**
     * The maps to compare, by task: with a plan, the map of each planned (variant, task) in the request's task
     * order; maps the plan does not know come after, by task name (the first variant seen wins).
     */
    public static LinkedHashMap<String, ImportanceMapCompleted> mapsByTask(ExperimentPlan plan,
                                                                          List<ImportanceMapCompleted> maps) {
        LinkedHashMap<String, ImportanceMapCompleted> byTask = new LinkedHashMap<>();
        if (plan != null) {
            for (ExperimentPlan.MapKey key : plan.importanceMaps()) {
                maps.stream().filter(map -> map.task().equals(key.task()) && map.variant().equals(key.variant()))
                        .findFirst().ifPresent(map -> byTask.put(key.task(), map));
            }
        }
        List<ImportanceMapCompleted> others = new ArrayList<>(maps);
        others.sort(Comparator.comparing(ImportanceMapCompleted::task).thenComparing(map -> map.variant().name()));
        for (ImportanceMapCompleted map : others) {
            boolean planned = plan != null && plan.request().taskNames().contains(map.task());
            if (!planned) {
                byTask.putIfAbsent(map.task(), map);
            }
        }
        return byTask;
    }

    /** The coherence matrix of the available maps, or empty when there is none. */
    public static Optional<CoherenceMatrix> matrix(ExperimentPlan plan, List<ImportanceMapCompleted> maps) {
        LinkedHashMap<String, ImportanceMapCompleted> byTask = mapsByTask(plan, maps);
        if (byTask.isEmpty()) {
            return Optional.empty();
        }
        Map<String, double[][]> arrays = new LinkedHashMap<>();
        Map<String, double[][]> raw = new LinkedHashMap<>();
        byTask.forEach((task, map) -> {
            arrays.put(task, toArray(map.normalizedImportance()));
            raw.put(task, rawArray(map));
        });
        return Optional.of(CoherenceMatrix.of(arrays, raw));
    }

    /** Every unordered pair of available maps once, in task order. */
    public static List<CoherencePair> pairs(ExperimentPlan plan, List<ImportanceMapCompleted> maps) {
        return matrix(plan, maps).map(CoherenceMatrix::pairs).orElse(List.of());
    }

    /** The variant each task's compared map was scored on. */
    public static Map<String, ModelVariant> variants(ExperimentPlan plan, List<ImportanceMapCompleted> maps) {
        Map<String, ModelVariant> variants = new LinkedHashMap<>();
        mapsByTask(plan, maps).forEach((task, map) -> variants.put(task, map.variant()));
        return variants;
    }

    /**
     * Rejects a map that cannot be compared with the experiment's other maps: values negative or not finite,
     * or a shape other than theirs (a different model). Such an event is a poison message.
     */
    public static void checkUsable(ImportanceMapCompleted map, List<ImportanceMapCompleted> others) {
        List<List<Double>> values = map.normalizedImportance();
        for (int layer = 0; layer < values.size(); layer++) {
            List<Double> row = values.get(layer);
            for (int head = 0; head < row.size(); head++) {
                Double value = row.get(head);
                if (value == null || !Double.isFinite(value) || value < 0) {
                    throw new IllegalArgumentException("ImportanceMapCompleted.normalizedImportance[" + layer + "]["
                            + head + "] = " + value + " for " + map.task() + " on " + map.variant()
                            + ": importance must be finite and non-negative");
                }
            }
        }
        for (ImportanceMapCompleted other : others) {
            boolean same = other.task().equals(map.task()) && other.variant().equals(map.variant());
            if (!same && (other.layers() != map.layers() || other.heads() != map.heads())) {
                throw new IllegalArgumentException("ImportanceMapCompleted.normalizedImportance: the map of "
                        + map.task() + " on " + map.variant() + " is " + map.layers() + "×" + map.heads()
                        + " but the map of " + other.task() + " on " + other.variant() + " is "
                        + other.layers() + "×" + other.heads() + ": maps of one experiment must share a shape");
            }
        }
    }

    /**
     * The raw importance, Michel et al.'s mean |gate gradient| per head: {@code rawSums / counts}. A head with
     * no units counted has no importance measured; it counts as 0.
     */
    public static double[][] rawArray(ImportanceMapCompleted map) {
        double[][] raw = new double[map.layers()][map.heads()];
        for (int layer = 0; layer < map.layers(); layer++) {
            for (int head = 0; head < map.heads(); head++) {
                long count = map.counts().get(layer).get(head);
                raw[layer][head] = count == 0 ? 0 : map.rawSums().get(layer).get(head) / count;
            }
        }
        return raw;
    }

    public static double[][] toArray(List<List<Double>> matrix) {
        double[][] array = new double[matrix.size()][];
        for (int row = 0; row < matrix.size(); row++) {
            array[row] = matrix.get(row).stream().mapToDouble(Double::doubleValue).toArray();
        }
        return array;
    }
}
