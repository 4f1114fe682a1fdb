package dev.headcount.metrics.finetuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.headcount.metrics.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineTuningComparisonTest {

    private static FineTuningComparison smallCase() {
        // results arrive out of order; cola's 50 % pruned-then-fine-tuned run has not finished
        return FineTuningComparison.builder()
                .finetuned("sst2", Metric.ACCURACY, 0.90)
                .prunedThenFinetuned("sst2", 0.5, 0.86)
                .finetunedThenPrunedByTask("sst2", 0.3, 0.89)
                .finetunedThenPrunedByPretraining("sst2", 0.3, 0.85)
                .prunedThenFinetuned("sst2", 0.3, 0.88)
                .finetunedThenPrunedByTask("sst2", 0.5, 0.80)
                .finetunedThenPrunedByPretraining("sst2", 0.5, 0.70)
                .finetuned("cola", Metric.MATTHEWS_CORRELATION, 0.50)
                .finetunedThenPrunedByTask("cola", 0.5, 0.40)
                .build();
    }

    @Test
    void rowsByTaskThenFractionWithDifferences() {
        List<FineTuningComparisonRow> rows = smallCase().rows();
        assertEquals(List.of("sst2 0.3", "sst2 0.5", "cola 0.5"),
                rows.stream().map(r -> r.task() + " " + r.fractionPruned()).toList());
        FineTuningComparisonRow sst2AtThirty = rows.get(0);
        assertEquals(0.90, sst2AtThirty.finetuned(), 0.0);
        assertEquals(-0.01, sst2AtThirty.finetunedThenPrunedByTaskChange(), 1e-12);
        assertEquals(-0.05, sst2AtThirty.finetunedThenPrunedByPretrainingChange(), 1e-12);
        assertEquals(-0.02, sst2AtThirty.prunedThenFinetunedChange(), 1e-12);
        // same heads gone: pruning first and fine-tuning after recovers 0.88 − 0.85
        assertEquals(0.03, sst2AtThirty.pruningFirstAdvantage(), 1e-12);
        FineTuningComparisonRow cola = rows.get(2);
        assertEquals(Metric.MATTHEWS_CORRELATION, cola.metric());
        assertEquals(Double.NaN, cola.prunedThenFinetuned());
        assertEquals(Double.NaN, cola.pruningFirstAdvantage());
    }

    @Test
    void rendersAsMarkdown() {
        assertEquals("""
                | task | metric | pruned | fine-tuned | FT → pruned (task imp.) | Δ | FT → pruned (pre-training imp.) | Δ | pruned (pre-training imp.) → FT | Δ | pruned first − FT first |
                | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
                | sst2 | accuracy ↑ | 30 % | 0.9000 | 0.8900 | -0.0100 | 0.8500 | -0.0500 | 0.8800 | -0.0200 | +0.0300 |
                | sst2 | accuracy ↑ | 50 % | 0.9000 | 0.8000 | -0.1000 | 0.7000 | -0.2000 | 0.8600 | -0.0400 | +0.1600 |
                | cola | mcc ↑ | 50 % | 0.5000 | 0.4000 | -0.1000 | — | — | — | — | — |
                """, FineTuningComparisonMarkdown.table(smallCase()).render());
    }

    @Test
    void fractionsThatAreNotWholePercentsKeepTheirDecimal() {
        FineTuningComparison comparison = FineTuningComparison.builder()
                .finetuned("sst2", Metric.ACCURACY, 0.9)
                .finetunedThenPrunedByTask("sst2", 0.125, 0.9)
                .build();
        assertEquals("12.5 %", FineTuningComparisonMarkdown.table(comparison).rows().get(0).get(2));
    }

    @Test
    void aRepeatedResultIsHarmlessButAConflictingOneIsNot() {
        FineTuningComparison.Builder builder = FineTuningComparison.builder()
                .finetuned("sst2", Metric.ACCURACY, 0.9)
                .finetunedThenPrunedByTask("sst2", 0.3, 0.89)
                .finetunedThenPrunedByTask("sst2", 0.3, 0.89)
                .finetuned("sst2", Metric.ACCURACY, 0.9);
        assertEquals(1, builder.build().rows().size());
        IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class,
                () -> builder.finetunedThenPrunedByTask("sst2", 0.3, 0.5));
        assertEquals("sst2 fine-tuned then pruned by task importance at 0.3 recorded as 0.89 and as 0.5", conflict.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.finetuned("sst2", Metric.F1, 0.9));
        assertThrows(IllegalArgumentException.class, () -> builder.prunedThenFinetuned("sst2", 0, 0.9));
    }

    @Test
    void prunedResultsNeedTheUnprunedMetric() {
        FineTuningComparison.Builder builder = FineTuningComparison.builder().prunedThenFinetuned("rte", 0.5, 0.6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("rte has pruned results but no fine-tuned metric to compare with", e.getMessage());
    }
}
