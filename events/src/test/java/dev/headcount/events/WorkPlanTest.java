package dev.headcount.events;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkPlanTest {

    /** Two downstream tasks, two fine-tune fractions, three pruning fractions, two random seeds, 3 shards. */
    private static ExperimentPlan plan() {
        ExperimentRequest base = ExperimentRequest.of("builtin/minilm", "builtin/mlm", "builtin/spam", "builtin/sst2");
        ExperimentRequest request = new ExperimentRequest(base.model(), base.pretrainingTask(), base.downstreamTasks(),
                new SampleSizes(90, 1000, 200, java.util.Map.of("builtin/sst2", 3000)),
                new ImportanceOptions(null, null, null, null, null, 3), List.of(0.0, 0.25, 0.5),
                new RankingOptions(null, 2), List.of(0.3, 0.5), null, 7L);
        return new ExperimentPlan("exp-1", request);
    }

    @Test
    void everyUnitOfThePlanOnceWithItsCounts() {
        ExperimentPlan plan = plan();
        WorkPlan work = WorkPlan.of(plan);
        List<WorkUnit> units = work.units();
        assertEquals(units.size(), new HashSet<>(units.stream().map(WorkUnit::id).toList()).size(), "ids are unique");
        assertEquals(3 * 3, count(units, WorkUnit.Kind.SCORE), "3 maps × 3 shards");
        assertEquals(plan.fineTunes().size(), count(units, WorkUnit.Kind.FINETUNE));
        assertEquals(2, count(units, WorkUnit.Kind.PRUNE));
        int points = units.stream().filter(u -> u.kind() == WorkUnit.Kind.EVALUATE).mapToInt(u -> u.fractions().size()).sum();
        assertEquals(plan.evaluations().size(), points, "the curves cover every evaluation of the plan");
        WorkPlan fine = WorkPlan.of(plan, WorkPlan.EvaluationGrain.FRACTION);
        assertEquals(plan.evaluations().size(), count(fine.units(), WorkUnit.Kind.EVALUATE));
    }

    @Test
    void ordinalsCountUnitsPerTopicInHandOutOrder() {
        WorkPlan work = WorkPlan.of(plan());
        for (String topic : Topics.workTopics()) {
            List<WorkUnit> ofTopic = work.units().stream().filter(u -> u.topic().equals(topic)).toList();
            for (int i = 0; i < ofTopic.size(); i++) {
                assertEquals(i, work.ordinal(ofTopic.get(i)), ofTopic.get(i).id());
            }
        }
    }

    @Test
    void longUnitsFirstAmongTheReadyOnes() {
        WorkPlan work = WorkPlan.of(plan());
        List<WorkRequested> start = work.atStart();
        // sst2 trains on 3000 examples, spam on 1000: sst2's fine-tune is handed out first
        List<String> fineTunes = start.stream().filter(r -> r.unit().kind() == WorkUnit.Kind.FINETUNE)
                .map(r -> r.unit().variant().task()).toList();
        assertEquals(List.of("builtin/sst2", "builtin/spam"), fineTunes);
        assertTrue(start.stream().anyMatch(r -> r.unit().kind() == WorkUnit.Kind.SCORE));
        // random rankings on the pre-trained model need nothing either
        assertTrue(start.stream().anyMatch(r -> r.unit().kind() == WorkUnit.Kind.EVALUATE
                && r.unit().ranking().isRandom()));
    }

    @Test
    void replayingFactsInAnyCompletionOrderHandsEveryUnitOutExactlyOnce() {
        WorkPlan work = WorkPlan.of(plan());
        // simulate: hand out, complete every handed-out unit in a scrambled order, record facts one at a time
        Set<WorkPlan.Need> done = new HashSet<>();
        Predicate<WorkPlan.Need> isDone = done::contains;
        List<WorkUnit> handedOut = new java.util.ArrayList<>(work.atStart().stream().map(WorkRequested::unit).toList());
        Set<WorkUnit> completed = new HashSet<>();
        java.util.Random random = new java.util.Random(3);
        int next = 0;
        while (next < handedOut.size()) {
            // complete a random pending unit
            int pick = next + random.nextInt(handedOut.size() - next);
            java.util.Collections.swap(handedOut, next, pick);
            WorkUnit unit = handedOut.get(next++);
            completed.add(unit);
            for (WorkPlan.Need fact : factsCompletedBy(work, unit, completed)) {
                handedOut.addAll(work.unlockedBy(fact, isDone).stream().map(WorkRequested::unit).toList());
                done.add(fact);
            }
        }
        assertEquals(work.units().size(), handedOut.size(), "every unit handed out");
        assertEquals(new HashSet<>(work.units()), new HashSet<>(handedOut), "each exactly once");
    }

    /** A map is ready when its last shard is done, a model when its unit is. */
    private static List<WorkPlan.Need> factsCompletedBy(WorkPlan work, WorkUnit unit, Set<WorkUnit> completed) {
        return switch (unit.kind()) {
            case SCORE -> {
                WorkPlan.Need map = new WorkPlan.MapReady(unit.variant(), unit.task());
                yield completed.containsAll(work.producersOf(map)) ? List.of(map) : List.of();
            }
            case FINETUNE, PRUNE -> List.of(new WorkPlan.ModelReady(unit.variant()));
            case EVALUATE -> List.of();
        };
    }

    @Test
    void dependenciesFollowTheStudy() {
        WorkPlan work = WorkPlan.of(plan());
        WorkUnit downstreamShard = WorkUnit.score(ModelVariant.finetuned("builtin/spam"), "builtin/spam", 0, 3);
        assertEquals(Set.of(new WorkPlan.ModelReady(ModelVariant.finetuned("builtin/spam"))), work.needs(downstreamShard));
        ModelVariant pruned = ModelVariant.pruned(Ranking.byTask("builtin/mlm"), 0.3);
        assertEquals(Set.of(new WorkPlan.MapReady(ModelVariant.pretrained(), "builtin/mlm")),
                work.needs(WorkUnit.prune(pruned)));
        WorkUnit crossEvaluation = WorkUnit.evaluate(ModelVariant.pretrained(), Ranking.byTask("builtin/spam"),
                "builtin/mlm", List.of(0.0, 0.25, 0.5));
        assertEquals(Set.of(new WorkPlan.MapReady(ModelVariant.finetuned("builtin/spam"), "builtin/spam")),
                work.needs(crossEvaluation));
        assertFalse(work.contains(WorkUnit.fineTune(ModelVariant.finetuned("builtin/mlm"))));
        assertThrows(IllegalArgumentException.class, () -> work.ordinal(WorkUnit.fineTune(ModelVariant.finetuned("x"))));
    }

    @Test
    void shardRangesCoverEveryBatchOnce() {
        for (int batches : new int[]{0, 1, 5, 16, 17}) {
            for (int shards = 1; shards <= 7; shards++) {
                int next = 0;
                for (int s = 0; s < shards; s++) {
                    int[] range = WorkUnit.shardRange(s, shards, batches);
                    assertEquals(next, range[0]);
                    assertTrue(range[1] - range[0] <= batches / shards + 1);
                    next = range[1];
                }
                assertEquals(batches, next);
            }
        }
    }

    @Test
    void workEventsRoundTrip() {
        WorkUnit unit = WorkUnit.evaluate(ModelVariant.finetuned("builtin/spam"), Ranking.random(2), "builtin/spam",
                List.of(0.0, 0.5));
        WorkRequested requested = new WorkRequested("exp-1", unit, 4);
        assertEquals(requested, EventJson.fromJson(EventJson.toJson(requested)));
        assertEquals("evaluate/finetuned/builtin/spam/random:2/builtin/spam/0/0.5", unit.id());
        assertThrows(InvalidEventException.class, () -> WorkUnit.evaluate(ModelVariant.pretrained(), Ranking.random(1),
                "builtin/mlm", List.of()));
        assertThrows(InvalidEventException.class, () -> WorkUnit.score(ModelVariant.pretrained(), "builtin/mlm", 3, 3));
    }

    private static long count(List<WorkUnit> units, WorkUnit.Kind kind) {
        return units.stream().filter(u -> u.kind() == kind).count();
    }
}
