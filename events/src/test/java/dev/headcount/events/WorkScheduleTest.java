package dev.headcount.events;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules computed by hand. The plan: pre-training task mlm, downstream spam and sst2, pruning fractions 0 and
 * 0.5, task rankings only, one fine-tune fraction (0.5), 4 shards per map: 16 shards, 2 full fine-tunes, one pruned
 * model, 2 pruned-then-fine-tuned models, 7 evaluation curves.
 */
class WorkScheduleTest {

    private static final WorkPlan PLAN = plan();

    private static WorkPlan plan() {
        ExperimentRequest request = new ExperimentRequest("builtin/minilm", TaskSpec.parse("builtin/mlm"),
                List.of(TaskSpec.parse("builtin/spam"), TaskSpec.parse("builtin/sst2")),
                new SampleSizes(80, 1000, 100), new ImportanceOptions(null, null, null, null, null, 4),
                List.of(0.0, 0.5), new RankingOptions(true, 0), List.of(0.5), null, 7L);
        return WorkPlan.of(new ExperimentPlan("exp-s", request));
    }

    private static Map<WorkUnit, Double> durations(ToDoubleFunction<WorkUnit> seconds) {
        Map<WorkUnit, Double> map = new HashMap<>();
        PLAN.units().forEach(u -> map.put(u, seconds.applyAsDouble(u)));
        return map;
    }

    private static List<String> ids(List<WorkSchedule.Slot> slots) {
        return slots.stream().map(s -> s.unit().id()).toList();
    }

    /** Two 10 s fine-tunes and four 1 s shards of the pre-training map; everything else takes no time. */
    private static double twoFineTunesFourShards(WorkUnit u) {
        if (u.kind() == WorkUnit.Kind.FINETUNE && u.variant().kind() == ModelVariant.Kind.FINETUNED) {
            return 10;
        }
        return u.kind() == WorkUnit.Kind.SCORE && u.variant().equals(ModelVariant.pretrained()) ? 1 : 0;
    }

    @Test
    void oneWorkerRunsTheFineTunesOneAfterTheOther() {
        WorkSchedule.Result one = WorkSchedule.simulate(PLAN, durations(WorkScheduleTest::twoFineTunesFourShards), 1);
        // spam 0–10, then sst2 10–20; the shards 0–4 on the scorer alongside
        assertEquals(20, one.makespanSeconds(), 1e-9);
        assertEquals(20, one.busySeconds().get(WorkSchedule.Worker.FINETUNER), 1e-9);
        assertEquals(4, one.busySeconds().get(WorkSchedule.Worker.SCORER), 1e-9);
        assertEquals(1.0, one.utilisation(WorkSchedule.Worker.FINETUNER), 1e-9);
        assertEquals(0.2, one.utilisation(WorkSchedule.Worker.SCORER), 1e-9);
        WorkSchedule.Slot sst2 = one.slots().stream()
                .filter(s -> s.unit().id().equals("finetune/finetuned/builtin/sst2")).findFirst().orElseThrow();
        assertEquals(10, sst2.start(), 1e-9, "waits for the one finetuner");
        // the last unit (in hand-out order) finishing at 20 is an evaluation with sst2's ranking: its map's last
        // shard, then sst2's fine-tune
        assertEquals(List.of("finetune/finetuned/builtin/sst2", "score/finetuned/builtin/sst2/builtin/sst2/3-of-4",
                "evaluate/pretrained/task:builtin/sst2/builtin/mlm/0/0.5"), ids(one.criticalPath()));
    }

    @Test
    void twoWorkersRunThemSideBySide() {
        WorkSchedule.Result two = WorkSchedule.simulate(PLAN, durations(WorkScheduleTest::twoFineTunesFourShards), 2);
        assertEquals(10, two.makespanSeconds(), 1e-9);
        assertEquals(1.0, two.utilisation(WorkSchedule.Worker.FINETUNER), 1e-9);
        assertEquals(4.0 / 20, two.utilisation(WorkSchedule.Worker.SCORER), 1e-9);
        // shards two at a time: the pre-training map is in at 2, so the pruned model is made at 2
        WorkSchedule.Slot prune = two.slots().stream().filter(s -> s.unit().kind() == WorkUnit.Kind.PRUNE)
                .findFirst().orElseThrow();
        assertEquals(2, prune.start(), 1e-9);
        assertEquals(List.of(0, 1), two.slots().stream().filter(s -> s.kind() == WorkSchedule.Worker.FINETUNER)
                .limit(2).map(WorkSchedule.Slot::worker).toList());
    }

    /** Fine-tunes 10 s, shards 1 s, the pruned model 2 s, evaluations 3 s. */
    private static double chain(WorkUnit u) {
        return switch (u.kind()) {
            case FINETUNE -> 10;
            case SCORE -> 1;
            case PRUNE -> 2;
            case EVALUATE -> 3;
        };
    }

    @Test
    void dependenciesDominateOnceThereAreEnoughWorkers() {
        Map<WorkUnit, Double> seconds = durations(WorkScheduleTest::chain);
        // 2 workers: the pruned-then-fine-tunes wait for the full fine-tunes' finetuners (10–20)
        assertEquals(20, WorkSchedule.simulate(PLAN, seconds, 2).makespanSeconds(), 1e-9);
        // 4: the pruned ones run 3–13; the 8 downstream shards two rounds (10–12); sst2's two evaluations wait for a
        // pruner until 13: 13–16
        assertEquals(16, WorkSchedule.simulate(PLAN, seconds, 4).makespanSeconds(), 1e-9);
        // 8 and 16: no unit waits for a worker; fine-tune 10 + shard 1 + evaluation 3
        for (int workers : new int[] {8, 16}) {
            WorkSchedule.Result result = WorkSchedule.simulate(PLAN, seconds, workers);
            assertEquals(14, result.makespanSeconds(), 1e-9, workers + " workers");
            assertEquals(List.of("finetune/finetuned/builtin/sst2", "score/finetuned/builtin/sst2/builtin/sst2/3-of-4",
                    "evaluate/pretrained/task:builtin/sst2/builtin/mlm/0/0.5"), ids(result.criticalPath()));
            double along = result.criticalPath().stream().mapToDouble(WorkSchedule.Slot::seconds).sum();
            assertEquals(result.makespanSeconds(), along, 1e-9, "nothing waits: the path is the makespan");
        }
    }

    @Test
    void everyUnitRunsOnceAfterWhatItNeeds() {
        WorkSchedule.Result result = WorkSchedule.simulate(PLAN, durations(WorkScheduleTest::chain), 3);
        assertEquals(PLAN.units().size(), result.slots().size());
        Map<WorkUnit, WorkSchedule.Slot> byUnit = new HashMap<>();
        result.slots().forEach(s -> assertTrue(byUnit.put(s.unit(), s) == null, s.unit().id() + " twice"));
        for (WorkSchedule.Slot slot : result.slots()) {
            for (WorkPlan.Need need : PLAN.needs(slot.unit())) {
                for (WorkUnit producer : PLAN.producersOf(need)) {
                    assertTrue(byUnit.get(producer).finish() <= slot.start(),
                            slot.unit().id() + " started before " + producer.id() + " finished");
                }
            }
        }
        // never more than 3 units of one kind at a time
        for (WorkSchedule.Slot slot : result.slots()) {
            long overlapping = result.slots().stream().filter(o -> o.kind() == slot.kind()
                    && o.start() <= slot.start() && o.finish() > slot.start()).count();
            assertTrue(overlapping <= 3, slot.unit().id() + " runs beside " + overlapping);
        }
    }

    @Test
    void unitsWithoutDurationAreNamed() {
        Map<WorkUnit, Double> seconds = durations(WorkScheduleTest::chain);
        seconds.remove(WorkUnit.fineTune(ModelVariant.finetuned("builtin/spam")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkSchedule.simulate(PLAN, seconds, 2));
        assertEquals("1 of " + PLAN.units().size() + " units have no duration: finetune/finetuned/builtin/spam",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> WorkSchedule.simulate(PLAN, durations(WorkScheduleTest::chain), 0));
        Map<WorkUnit, Double> negative = durations(WorkScheduleTest::chain);
        negative.put(PLAN.units().get(0), -1.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkSchedule.simulate(PLAN, negative, 1))
                .getMessage().contains(PLAN.units().get(0).id()));
    }
}
