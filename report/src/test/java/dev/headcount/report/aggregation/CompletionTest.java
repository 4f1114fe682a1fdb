package dev.headcount.report.aggregation;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.report.TinyExperiment;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionTest {
    private final TinyExperiment tiny = new TinyExperiment("exp-completion");

    @Test
    void countsWhatTheTinyPlanExpects() {
        Completion nothing = Completion.expected(tiny.plan);
        // 2 tasks → 2 maps; rankings task:sotu, task:spam (2 targets each) and random:0/1 (2 targets each) × 3 fractions
        assertEquals(new Completion.StageCount(0, 2), nothing.maps());
        assertEquals(new Completion.StageCount(0, 24), nothing.evaluations());
        // finetuned/spam and pruned-then-finetuned/task:builtin/sotu/0.5/builtin/spam
        assertEquals(new Completion.StageCount(0, 2), nothing.fineTunes());
        assertEquals(new Completion.StageCount(0, 1), nothing.prunedModels());
        assertFalse(nothing.complete());
        assertEquals(Completion.MISSING_SHOWN, nothing.missing().size());
    }

    @Test
    void completeWhenMapsEvaluationsAndFineTunesAreIn() {
        String exp = tiny.experimentId;
        Set<String> maps = new HashSet<>();
        tiny.maps().forEach(m -> maps.add(ResultIds.map(exp, m.variant(), m.task())));
        Set<String> evaluations = new HashSet<>();
        tiny.evaluations().forEach(e -> evaluations.add(ResultIds.evaluation(exp, e.baseVariant(), e.ranking(),
                e.fraction(), e.evaluatedTask())));
        Set<String> fineTunes = new HashSet<>();
        tiny.fineTunes().forEach(f -> fineTunes.add(ResultIds.fineTune(exp, f.variant())));

        Completion all = Completion.of(tiny.plan, maps, evaluations, fineTunes, Set.of());
        assertTrue(all.complete(), "pruned models are not needed for completion");
        assertTrue(all.missing().isEmpty());
        assertEquals(new Completion.StageCount(0, 1), all.prunedModels());

        String last = evaluations.iterator().next();
        Set<String> oneShort = new HashSet<>(evaluations);
        oneShort.remove(last);
        Completion almost = Completion.of(tiny.plan, maps, oneShort, fineTunes, Set.of());
        assertFalse(almost.complete());
        assertEquals(new Completion.StageCount(23, 24), almost.evaluations());
        assertEquals(1, almost.missing().size());
        assertTrue(almost.missing().get(0).matches("evaluation of builtin/\\w+ on \\S+ with [0-9.]+ pruned by \\S+"),
                almost.missing().toString());

        // results the plan does not expect do not count
        Set<String> extra = new HashSet<>(maps);
        extra.add(ResultIds.map(exp, dev.headcount.events.ModelVariant.pretrained(), "builtin/other"));
        assertEquals(2, Completion.of(tiny.plan, extra, Set.of(), Set.of(), Set.of()).maps().done());
    }

    @Test
    void fromTheResultEventsCountsTheSameIds() {
        Completion all = Completion.ofResults(tiny.plan, tiny.maps(), tiny.evaluations(), tiny.fineTunes(),
                List.of(tiny.plan.prunedModels().get(0)));
        assertTrue(all.complete(), all.missing().toString());
        assertEquals(new Completion.StageCount(1, 1), all.prunedModels());
        Completion noFineTunes = Completion.ofResults(tiny.plan, tiny.maps(), tiny.evaluations(), List.of(),
                List.of());
        assertFalse(noFineTunes.complete());
        assertEquals(new Completion.StageCount(0, 2), noFineTunes.fineTunes());
    }

    @Test
    void anotherExperimentsResultsDoNotCount() {
        ExperimentPlan other = new TinyExperiment("exp-other").plan;
        Set<String> maps = new HashSet<>();
        other.importanceMaps().forEach(k -> maps.add(ResultIds.map("exp-other", k.variant(), k.task())));
        assertEquals(0, Completion.of(tiny.plan, maps, Set.of(), Set.of(), Set.of()).maps().done());
    }
}
