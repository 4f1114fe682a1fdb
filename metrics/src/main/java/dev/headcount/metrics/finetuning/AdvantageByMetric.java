package dev.headcount.metrics.finetuning;

import dev.headcount.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pruning-first advantage summed up per metric: differences of MCC, F1 and accuracy are in different
 * units (an MCC of 0.1 is not an accuracy of 0.1), so they are never averaged together.
 *
 * @param cells                 rows of this metric with both orders in
 * @param pruningFirstBetter    rows where pruning first scored better (oriented by the metric's direction)
 * @param fineTuningFirstBetter rows where fine-tuning first scored better
 * @param meanAdvantage         mean oriented advantage over those rows (positive: pruning first better)
 */
public record AdvantageByMetric(Metric metric, int cells, int pruningFirstBetter, int fineTuningFirstBetter,
                                double meanAdvantage) {

    /** One entry per metric, in the order the metrics first appear among the rows; rows missing an order are skipped. */
    public static List<AdvantageByMetric> of(List<FineTuningComparisonRow> rows) {
        Map<Metric, List<Double>> byMetric = new LinkedHashMap<>();
        for (FineTuningComparisonRow row : rows) {
            double advantage = row.pruningFirstAdvantage() * (row.metric().higherIsBetter() ? 1 : -1);
            if (!Double.isNaN(advantage)) {
                byMetric.computeIfAbsent(row.metric(), m -> new ArrayList<>()).add(advantage);
            }
        }
        List<AdvantageByMetric> out = new ArrayList<>();
        byMetric.forEach((metric, advantages) -> out.add(new AdvantageByMetric(metric, advantages.size(),
                (int) advantages.stream().filter(a -> a > 0).count(),
                (int) advantages.stream().filter(a -> a < 0).count(),
                advantages.stream().mapToDouble(Double::doubleValue).average().orElseThrow())));
        return out;
    }
}
