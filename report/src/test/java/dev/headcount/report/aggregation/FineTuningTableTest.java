package dev.headcount.report.aggregation;

import dev.headcount.metrics.finetuning.FineTuningComparison;
import dev.headcount.metrics.finetuning.FineTuningComparisonRow;
import dev.headcount.report.TinyExperiment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTuningTableTest {
    private static final double EPS = 1e-12;
    private final TinyExperiment tiny = new TinyExperiment("exp-finetuning");

    @Test
    void beforeAndAfterAtEachFineTuneFraction() {
        FineTuningComparison comparison = FineTuningTable.of(tiny.plan, tiny.fineTunes(), tiny.evaluations());
        assertEquals(1, comparison.rows().size());
        FineTuningComparisonRow row = comparison.rows().get(0);
        assertEquals(TinyExperiment.SPAM, row.task());
        assertEquals(0.5, row.fractionPruned());
        assertEquals(0.9, row.finetuned(), EPS);
        assertEquals(0.9 * (1 - 0.1 * 0.5), row.finetunedThenPrunedByTask(), EPS);
        assertEquals(0.9 * (1 - 0.3 * 0.5), row.finetunedThenPrunedByPretraining(), EPS);
        assertEquals(TinyExperiment.PRUNED_THEN_FINETUNED, row.prunedThenFinetuned(), EPS);
        assertEquals(0.88 - 0.765, row.pruningFirstAdvantage(), EPS);
    }

    @Test
    void cellsNotInYetAreEmpty() {
        FineTuningComparison onlyFineTuned = FineTuningTable.of(tiny.plan, List.of(tiny.fineTunes().get(0)), List.of());
        assertTrue(onlyFineTuned.rows().isEmpty(), "no pruned result yet: no row");

        FineTuningComparison noUnpruned = FineTuningTable.of(tiny.plan, List.of(tiny.fineTunes().get(1)),
                tiny.evaluations());
        assertTrue(noUnpruned.rows().isEmpty(), "nothing to compare with before the unpruned fine-tune");

        FineTuningComparison withoutPrunedFirst = FineTuningTable.of(tiny.plan, List.of(tiny.fineTunes().get(0)),
                tiny.evaluations());
        assertTrue(Double.isNaN(withoutPrunedFirst.rows().get(0).prunedThenFinetuned()));
        assertTrue(Double.isNaN(withoutPrunedFirst.rows().get(0).pruningFirstAdvantage()));
    }
}
