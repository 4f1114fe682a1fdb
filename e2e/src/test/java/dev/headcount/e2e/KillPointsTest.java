package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.WorkPlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The kill-point catalogue without a running system: five different points per service, drawn the same from the
 * same seed whatever is asked first, other points from another seed, and the suite's runs one point per service.
 */
class KillPointsTest {

    /** The tiny request's units, as every service derives them from the stored request. */
    private static WorkPlan tinyWork() throws Exception {
        String request = RunningSystem.JSON.writeValueAsString(TinyExperiments.request());
        ExperimentRequested requested = EventJson.fromJson("{\"type\":\"ExperimentRequested\",\"experimentId\":\"k\","
                + "\"request\":" + request + ",\"requestedAt\":\"2026-12-07T00:00:00Z\",\"schemaVersion\":1}",
                ExperimentRequested.class);
        return WorkPlan.of(ExperimentPlan.of(requested));
    }

    private static List<String> names(List<KillPoint> points) {
        return points.stream().map(KillPoint::toString).toList();
    }

    @Test
    void fiveDifferentPointsPerService() throws Exception {
        List<KillPoint> all = new KillPoints(14, tinyWork()).all();
        Map<String, Set<String>> byService = new TreeMap<>();
        all.forEach(p -> byService.computeIfAbsent(p.service(), s -> new java.util.HashSet<>()).add(p.point()));
        assertEquals(Set.of("scorer-service", "pruner-service", "finetune-service", "report-service"),
                byService.keySet());
        byService.forEach((service, points) -> assertEquals(5, points.size(), service + ": " + points));
    }

    @Test
    void aSeedDrawsTheSamePointsWhateverIsAskedFirst() throws Exception {
        WorkPlan work = tinyWork();
        KillPoints first = new KillPoints(14, work);
        List<String> all = names(first.all());
        KillPoints second = new KillPoints(14, work);
        List<String> fast = names(second.onePerService());
        assertEquals(all, names(second.all()), "asking for the fast subset first changed the draws");
        assertTrue(all.containsAll(fast), fast + " are not among " + all);
        assertNotEquals(all, names(new KillPoints(15, work).all()), "seed 15 drew seed 14's points");
    }

    @Test
    void eachRunOfTheSuiteKillsEachServiceOnce() throws Exception {
        List<List<KillPoint>> rounds = new KillPoints(14, tinyWork()).rounds();
        assertEquals(5, rounds.size());
        for (List<KillPoint> round : rounds) {
            assertEquals(4, round.stream().map(KillPoint::service).collect(Collectors.toSet()).size(), round.toString());
        }
        assertEquals(names(new KillPoints(14, tinyWork()).all()).stream().sorted().toList(),
                rounds.stream().flatMap(List::stream).map(KillPoint::toString).sorted().toList());
    }
}
