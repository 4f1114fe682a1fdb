package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.WorkPlan;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fast fault subset, in the default e2e run (CI): one experiment of the tiny request ({@link TinyExperiments})
 * with each of the four services {@code kill -9}ed once, at one kill point of each ({@link KillPoints#onePerService}:
 * the report-service as it hands out the first units, the finetune-service mid-epoch, the pruner-service starting a
 * curve of the fine-tuned model, the scorer-service scoring that model's map), each started again by a
 * {@link dev.headcount.localstack.Supervisor} as {@code headcount run} does. The stored results must equal the
 * fault-free run's ({@link FaultFreeRun}). The whole suite, five points per service, is {@link KillPointsIT}
 * ({@code -Pfaults}).
 */
@ExtendWith(SharedSystem.class)
@Order(Integer.MAX_VALUE) // last (junit-platform.properties): the other tests see a system without restarts
class WorkerKillIT {

    static final String KILLED = "e2e-faults-killed";

    @Test
    void eachServiceKilledOnceAndTheResultsEqualAFaultFreeRun(RunningSystem system) throws Exception {
        String baseline = FaultFreeRun.id(system);
        WorkPlan work = FaultFreeRun.work(system, baseline);
        long seed = Long.getLong("headcount.kills.seed", KillPointsIT.DEFAULT_SEED);
        List<KillPoint> points = new KillPoints(seed, work).onePerService();
        System.out.println("baseline " + baseline + "; seed " + seed + "; kill points: " + points);

        long started = System.nanoTime();
        List<KillRun.Outcome> outcomes;
        try (ExperimentEvents events = ExperimentEvents.fromNow(system.stack().kafkaBootstrapServers())) {
            outcomes = new KillRun(system, events, baseline).run(KILLED, points);
        }
        System.out.printf("the killed run took %.1f min%n", (System.nanoTime() - started) / 6e10);
        outcomes.forEach(o -> System.out.println(o.line()));

        assertEquals(4, outcomes.stream().map(o -> o.point().service()).distinct().count(), outcomes.toString());
        for (KillRun.Outcome outcome : outcomes) {
            assertTrue(outcome.survived(), outcome.line());
        }
    }
}
