package dev.headcount.metrics.finetuning;

import dev.headcount.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The before/after fine-tuning table: rows by task (in the order tasks were first given), then by fraction. */
public record FineTuningComparison(List<FineTuningComparisonRow> rows) {

    public FineTuningComparison {
        rows = List.copyOf(rows);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects results as they arrive, in any order. Recording the same value twice is harmless (an
     * event delivered again); a different value for the same cell is an error.
     */
    public static final class Builder {
        private static final int BY_TASK = 0;
        private static final int BY_PRETRAINING = 1;
        private static final int PRUNED_THEN_FINETUNED = 2;
        private static final String[] CELL_NAMES = {"fine-tuned then pruned by task importance",
            "fine-tuned then pruned by pre-training importance", "pruned then fine-tuned"};

        private final Map<String, Metric> metrics = new LinkedHashMap<>();
        private final Map<String, Double> unpruned = new LinkedHashMap<>();
        private final Map<String, TreeMap<Double, double[]>> pruned = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder finetuned(String task, Metric metric, double value) {
            Metric known = metrics.putIfAbsent(task, metric);
            if (known != null && known != metric) {
                throw new IllegalArgumentException(task + " is scored with " + known.id() + ", not " + metric.id());
            }
            Double previous = unpruned.putIfAbsent(task, value);
            requireSame(previous, value, task + " fine-tuned");
            pruned.computeIfAbsent(task, t -> new TreeMap<>());
            return this;
        }

        public Builder finetunedThenPrunedByTask(String task, double fraction, double value) {
            return record(task, fraction, BY_TASK, value);
        }

        public Builder finetunedThenPrunedByPretraining(String task, double fraction, double value) {
            return record(task, fraction, BY_PRETRAINING, value);
        }

        public Builder prunedThenFinetuned(String task, double fraction, double value) {
            return record(task, fraction, PRUNED_THEN_FINETUNED, value);
        }

        /** @throws IllegalArgumentException when a task has pruned results but no unpruned fine-tuned metric */
        public FineTuningComparison build() {
            List<FineTuningComparisonRow> rows = new ArrayList<>();
            pruned.forEach((task, byFraction) -> {
                if (!unpruned.containsKey(task)) {
                    throw new IllegalArgumentException(task + " has pruned results but no fine-tuned metric to compare with");
                }
                byFraction.forEach((fraction, cells) -> rows.add(new FineTuningComparisonRow(task, metrics.get(task),
                        fraction, unpruned.get(task), cells[BY_TASK], cells[BY_PRETRAINING], cells[PRUNED_THEN_FINETUNED])));
            });
            return new FineTuningComparison(rows);
        }

        private Builder record(String task, double fraction, int cell, double value) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction pruned must be in (0, 1], got " + fraction);
            }
            double[] cells = pruned.computeIfAbsent(task, t -> new TreeMap<>())
                    .computeIfAbsent(fraction, f -> nanCells());
            requireSame(Double.isNaN(cells[cell]) ? null : cells[cell], value,
                    task + " " + CELL_NAMES[cell] + " at " + fraction);
            cells[cell] = value;
            return this;
        }

        private static double[] nanCells() {
            double[] cells = new double[CELL_NAMES.length];
            Arrays.fill(cells, Double.NaN);
            return cells;
        }

        private static void requireSame(Double previous, double value, String what) {
            if (previous != null && Double.compare(previous, value) != 0) {
                throw new IllegalArgumentException(what + " recorded as " + previous + " and as " + value);
            }
        }
    }
}
