package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.WorkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole kill-point suite (issue 14), behind the Maven profile {@code faults} ({@code mvn -o -B verify -pl e2e -am
 * -Pfaults -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}): every point of {@link KillPoints#all} (five per
 * service) on one running system, in five experiments of the tiny request ({@link KillPoints#rounds}: each with one
 * {@code kill -9} of each service at its own point), the services started again by a
 * {@link dev.headcount.localstack.Supervisor}, and each experiment's stored results compared with the fault-free
 * run's. Every run goes on when one fails; the summary prints a {@code KILL |} line per point and a count per
 * service, and the test fails when any point was not survived. {@code -Dheadcount.kills.seed=N} draws other points.
 */
@ExtendWith(SharedSystem.class)
@Tag("faults")
@Order(Integer.MAX_VALUE)
class KillPointsIT {

    /** The seed of the points in the README's table (the number). */
    static final long DEFAULT_SEED = 14;

    @Test
    void everyKillPointIsSurvivedWithTheFaultFreeResults(RunningSystem system) throws Exception {
        String baseline = FaultFreeRun.id(system);
        WorkPlan work = FaultFreeRun.work(system, baseline);
        long seed = Long.getLong("headcount.kills.seed", DEFAULT_SEED);
        List<List<KillPoint>> rounds = new KillPoints(seed, work).rounds();
        System.out.println("baseline " + baseline + " (" + work.units().size() + " units); seed " + seed + "; "
                + rounds.stream().mapToInt(List::size).sum() + " kill points in " + rounds.size() + " runs:");
        rounds.forEach(round -> round.forEach(p -> System.out.println("  run " + (rounds.indexOf(round) + 1) + ": "
                + p)));

        List<KillRun.Outcome> outcomes = new ArrayList<>();
        long started = System.nanoTime();
        try (ExperimentEvents events = ExperimentEvents.fromNow(system.stack().kafkaBootstrapServers())) {
            KillRun run = new KillRun(system, events, baseline);
            for (int i = 0; i < rounds.size(); i++) {
                String id = "e2e-kills-" + seed + "-" + (i + 1);
                long one = System.nanoTime();
                List<KillRun.Outcome> outcome = run.run(id, rounds.get(i));
                outcome.forEach(o -> System.out.println(o.line()));
                System.out.printf(Locale.ROOT, "%s took %.1f min%n", id, (System.nanoTime() - one) / 6e10);
                outcomes.addAll(outcome);
            }
        }
        System.out.printf(Locale.ROOT, "%d kill points in %.1f min (seed %d):%n", outcomes.size(),
                (System.nanoTime() - started) / 6e10, seed);
        outcomes.forEach(o -> System.out.println(o.line()));
        Map<String, int[]> perService = new TreeMap<>();
        outcomes.forEach(o -> {
            int[] n = perService.computeIfAbsent(o.point().service(), s -> new int[2]);
            n[0]++;
            n[1] += o.survived() ? 1 : 0;
        });
        perService.forEach((service, n) -> System.out.println("KILLS | " + service + " | " + n[0] + " points | "
                + n[1] + " survived"));
        for (KillRun.Outcome outcome : outcomes) {
            assertTrue(outcome.survived(), outcome.line());
        }
    }
}
