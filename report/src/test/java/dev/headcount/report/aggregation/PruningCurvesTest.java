package dev.headcount.report.aggregation;

import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;
import dev.headcount.metrics.Metric;
import dev.headcount.report.TinyExperiment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruningCurvesTest {
    private static final double EPS = 1e-12;
    private final TinyExperiment tiny = new TinyExperiment("exp-curves");
    private final PruningCurves.Target spam =
            new PruningCurves.Target(ModelVariant.finetuned(TinyExperiment.SPAM), TinyExperiment.SPAM);

    @Test
    void tableOfATargetHasEveryRankingEvaluatedThere() {
        PruningCurves.CurveTable table = PruningCurves.table(tiny.plan, spam, tiny.evaluations());
        assertEquals("accuracy", table.primaryMetric());
        assertEquals(List.of(0.0, 0.25, 0.5), table.fractions());
        assertEquals(List.of("task:builtin/sotu", "task:builtin/spam"),
                table.rankings().stream().map(s -> s.ranking().name()).toList());
        assertEquals(List.of(0.9, 0.9 * (1 - 0.3 * 0.25), 0.9 * (1 - 0.3 * 0.5)), table.rankings().get(0).values());
        assertEquals(2, table.randomSeeds().size());
        // seeds drop at 0.5 and 0.6 per unit fraction: at 0.5, 0.9·0.75 and 0.9·0.7
        double a = 0.9 * 0.75;
        double b = 0.9 * 0.7;
        assertEquals((a + b) / 2, table.random().get(2).mean(), EPS);
        assertEquals(Math.abs(a - b) / Math.sqrt(2), table.random().get(2).standardDeviation(), EPS);
    }

    @Test
    void prunabilityOfHandMadeCurves() {
        List<PruningCurves.CurveResult> results = PruningCurves.results(PruningCurves.table(tiny.plan, spam,
                tiny.evaluations()));
        assertEquals(List.of("task:builtin/sotu", "task:builtin/spam", "random"),
                results.stream().map(PruningCurves.CurveResult::ranking).toList());

        // own ranking: 0.9, 0.8775, 0.855 → relative 1, 0.975, 0.95
        PruningCurves.CurveResult own = results.get(1);
        assertEquals(Metric.ACCURACY, own.prunability().metric());
        double rawArea = 0.25 * (0.9 + 0.8775) / 2 + 0.25 * (0.8775 + 0.855) / 2;
        assertEquals(rawArea, own.prunability().rawArea(), EPS);
        // accuracy's chance level is not known to the report: retention is the share of the unpruned 0.9, and the
        // relative area is its trapezoid divided by the span of fractions, 0.5
        assertEquals(rawArea / 0.9 / 0.5, own.prunability().relativeArea(), EPS);
        assertTrue(own.prunability().chanceNote().isPresent());
        assertEquals(0.5, own.prunability().largestFractionKept(), EPS);

        // pre-training ranking: relative 1, 0.925, 0.85 → keeps ≥ 90 % up to 25 %
        assertEquals(0.25, results.get(0).prunability().largestFractionKept(), EPS);

        // random mean: relative 1, (0.875+0.85)/2 = 0.8625 → only the unpruned point keeps 90 %
        PruningCurves.CurveResult random = results.get(2);
        assertEquals(2, random.seeds());
        assertEquals(0.0, random.prunability().largestFractionKept(), EPS);
        assertEquals(3, random.standardDeviations().size());
        assertEquals(0.0, random.standardDeviations().get(0), EPS);
    }

    @Test
    void anIncompleteCurveHasNoPrunability() {
        List<MaskedModelEvaluated> partial = new ArrayList<>(tiny.evaluations());
        partial.removeIf(e -> e.baseVariant().equals(spam.base()) && e.ranking().equals(Ranking.byTask(TinyExperiment.SPAM))
                && e.fraction() == 0.5);
        partial.removeIf(e -> e.baseVariant().equals(spam.base()) && e.ranking().equals(Ranking.random(1))
                && e.fraction() == 0.25);
        PruningCurves.CurveTable table = PruningCurves.table(tiny.plan, spam, partial);
        assertTrue(Double.isNaN(table.rankings().get(1).values().get(2)));
        assertTrue(Double.isNaN(table.random().get(1).mean()), "a mean needs every seed");
        assertEquals(List.of("task:builtin/sotu"),
                PruningCurves.results(table).stream().map(PruningCurves.CurveResult::ranking).toList());
    }

    @Test
    void anUnknownMetricGivesCurvesWithoutPrunability() {
        List<MaskedModelEvaluated> odd = tiny.evaluations().stream()
                .filter(e -> e.baseVariant().equals(spam.base()))
                .map(e -> new MaskedModelEvaluated(e.experimentId(), e.baseVariant(), e.ranking(), e.fraction(),
                        e.evaluatedTask(), "bleu", java.util.Map.of("bleu", 0.5), e.loss(), e.examples(),
                        e.headsRemoved()))
                .toList();
        List<PruningCurves.CurveResult> results = PruningCurves.results(PruningCurves.table(tiny.plan, spam, odd));
        assertEquals(3, results.size());
        assertNull(results.get(0).prunability());
        assertNotNull(results.get(0).note());
    }

    @Test
    void theTargetsAreEachTaskOnItsOwnModel() {
        assertEquals(List.of(new PruningCurves.Target(ModelVariant.pretrained(), TinyExperiment.PRETRAINING), spam),
                PruningCurves.targets(tiny.plan));
        assertEquals(2, PruningCurves.results(tiny.plan, tiny.evaluations()).stream()
                .filter(r -> r.ranking().equals(PruningCurves.RANDOM)).count());
    }
}
