package dev.headcount.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.WorkUnit;
import dev.headcount.events.WorkPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a run's report.json (a hand-written one in the report-service's format) and finding the latest run. */
class RecordedRunTest {

    static final Path REPORT = Path.of("src/test/resources/simulate/report.json");
    static final Path DEFAULT_WITHOUT_UNITS = Path.of("src/test/resources/simulate/default-without-units.json");

    @Test
    void computedSecondsPerUnitTheLastComputationWins() throws IOException {
        RecordedRun run = RecordedRun.read(REPORT);
        assertEquals("exp-tiny", run.experimentId());
        // a reused entry (0.1 s, read back) does not replace the computation
        assertEquals(30.0, run.computedSeconds().get("finetune/finetuned/builtin/spam"));
        // computed twice (5 s, then 2 s): the last one
        assertEquals(2.0, run.computedSeconds().get("score/pretrained/builtin/sotu-pairs/0-of-2"));
        RecordedRun.Durations durations = run.durations();
        assertEquals(13, durations.plan().units().size());
        assertEquals(2, durations.plan().shards(), "the shard count from the units' ids");
        assertEquals(30.0, durations.seconds().get(WorkUnit.fineTune(
                dev.headcount.events.ModelVariant.finetuned("builtin/spam"))));
    }

    @Test
    void curvesCutPerFractionSpreadTheirSecondsEvenlyOverTheirPoints() throws IOException {
        RecordedRun.Durations curves = RecordedRun.read(REPORT).durations();
        assertEquals(WorkPlan.EvaluationGrain.CURVE, curves.grain());
        assertSame(curves, curves.cutAs(WorkPlan.EvaluationGrain.CURVE));
        RecordedRun.Durations points = curves.cutAs(WorkPlan.EvaluationGrain.FRACTION);
        assertEquals(WorkPlan.EvaluationGrain.FRACTION, points.grain());
        assertEquals(13 - 6 + 12, points.plan().units().size(), "6 curves of 2 points become 12 units");
        int checked = 0;
        for (Map.Entry<WorkUnit, Double> curve : curves.seconds().entrySet()) {
            WorkUnit c = curve.getKey();
            if (c.kind() != WorkUnit.Kind.EVALUATE) {
                assertEquals(curve.getValue(), points.seconds().get(c), c.id() + " as recorded");
                continue;
            }
            for (double fraction : c.fractions()) {
                WorkUnit point = WorkUnit.evaluate(c.variant(), c.ranking(), c.task(), List.of(fraction));
                assertEquals(curve.getValue() / 2, points.seconds().get(point), 1e-12, point.id());
                checked++;
            }
        }
        assertEquals(12, checked);
        assertEquals(curves.seconds(), points.cutAs(WorkPlan.EvaluationGrain.CURVE).seconds(), "and back again");
    }

    @Test
    void unitsMissingFromTheReportAreNamed(@TempDir Path dir) throws IOException {
        String json = Files.readString(REPORT);
        // the only computed entry of the pruned model becomes a reused one: no computed duration left
        String prune = "\"id\": \"prune/pruned/task:builtin/sotu-pairs/0.5\"";
        assertTrue(json.contains(prune), "fixture layout");
        Path report = dir.resolve("report.json");
        Files.writeString(report, json.replace("\"seconds\": 1,\n      \"reused\": false",
                "\"seconds\": 1,\n      \"reused\": true"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordedRun.read(report).durations());
        assertEquals(report + " has no computed (reused: false) entry for 1 of the plan's 13 units: "
                + "prune/pruned/task:builtin/sotu-pairs/0.5", e.getMessage());
    }

    @Test
    void malformedEntriesAreNamedWithTheirIndex(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.json");
        Files.writeString(report, Files.readString(REPORT).replaceFirst("\"seconds\": 4,", "\"seconds\": \"four\","));
        IOException e = assertThrows(IOException.class, () -> RecordedRun.read(report));
        assertEquals(report + ": units[1] (evaluate/pretrained/random:0/builtin/sotu-pairs/0/0.5): seconds must be a "
                + "number ≥ 0, was \"four\"", e.getMessage());
        Files.writeString(report, "{\"request\": ");
        assertTrue(assertThrows(IOException.class, () -> RecordedRun.read(report)).getMessage()
                .startsWith(report + " is not JSON (line 1)"));
    }

    @Test
    void aReportWithoutUnitsSaysSo() throws IOException {
        RecordedRun run = RecordedRun.read(DEFAULT_WITHOUT_UNITS);
        assertFalse(run.unitsRecorded());
        assertTrue(assertThrows(IllegalArgumentException.class, run::durations).getMessage()
                .contains("records no units"));
    }

    @Test
    void theLatestRunWithThisPlanAndUnits(@TempDir Path runs) throws IOException {
        String json = Files.readString(REPORT);
        write(runs.resolve("20261201-100000"), json.replace("2026-12-06T10:00:00Z", "2026-12-01T10:00:00Z"));
        write(runs.resolve("20261206-100000"), json);
        // newer, but another plan (more dev examples): passed over
        write(runs.resolve("20261207-100000"), json.replace("2026-12-06T10:00:00Z", "2026-12-07T10:00:00Z")
                .replace("\"devCap\": 20", "\"devCap\": 21"));
        // newer, the same plan, no units: passed over with a note
        write(runs.resolve("20261208-100000"), json.replace("2026-12-06T10:00:00Z", "2026-12-08T10:00:00Z")
                .replace("\"units\":", "\"unitsNot\":"));
        write(runs.resolve("20261209-100000"), "not json");
        RecordedRuns found = RecordedRuns.find(runs, RecordedRun.read(REPORT).request());
        assertEquals(runs.resolve("20261206-100000/report.json"), found.latest().orElseThrow().file());
        assertEquals(2, found.notes().size(), found.notes().toString());
        assertTrue(found.notes().get(0).contains("20261208-100000/report.json has this plan but no unit timings"));
        assertTrue(found.notes().get(1).startsWith("passed over " + runs.resolve("20261209-100000/report.json")));
        assertTrue(RecordedRuns.find(runs.resolve("absent"), RecordedRun.read(REPORT).request()).latest().isEmpty());
    }

    private static void write(Path dir, String json) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), json);
    }
}
