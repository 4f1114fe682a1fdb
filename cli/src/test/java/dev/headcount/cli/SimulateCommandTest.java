package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.cli.simulate.RecordedRun;
import dev.headcount.events.EventJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code headcount simulate --from} on a hand-written report.json whose 13 units were scheduled by hand:
 * one worker per kind 60 s (the two 30 s fine-tunes one after the other), two 38 s (the pruned model's fine-tune
 * runs beside the full one; spam's two evaluations wait for a pruner until 34 s).
 */
class SimulateCommandTest {

    private static final String REPORT = "src/test/resources/simulate/report.json";

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Headcount.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonHasMakespansSpeedupsAndTheCriticalPath() throws Exception {
        Run run = run("simulate", "--from", REPORT, "--workers", "1,2,8", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = EventJson.mapper().readTree(run.out());
        JsonNode workers = json.get("workers");
        assertEquals(3, workers.size());
        assertEquals(1, workers.get(0).get("workers").asInt());
        assertEquals(60, workers.get(0).get("makespanSeconds").asDouble(), 1e-9);
        assertEquals(1.0, workers.get(0).get("speedup").asDouble(), 1e-9);
        assertEquals(38, workers.get(1).get("makespanSeconds").asDouble(), 1e-9);
        assertEquals(60.0 / 38, workers.get(1).get("speedup").asDouble(), 1e-9);
        // with 8 no evaluation waits: the pruned fine-tune ends at 2 + 1 + 30 = 33, spam's evaluations at 30 + 2 + 4
        assertEquals(36, workers.get(2).get("makespanSeconds").asDouble(), 1e-9);
        assertEquals(1.0, workers.get(0).get("utilisation").get("finetuner").asDouble(), 1e-9);
        // the pruned model (1 s) is the scorer's: the pruner has the evaluations alone
        assertEquals(24.0 / 60, workers.get(0).get("utilisation").get("pruner").asDouble(), 1e-9);
        List<String> path = new ArrayList<>();
        json.get("criticalPath").forEach(id -> path.add(id.asText()));
        assertEquals(List.of("finetune/finetuned/builtin/spam", "score/finetuned/builtin/spam/builtin/spam/1-of-2",
                "evaluate/pretrained/task:builtin/spam/builtin/sotu-pairs/0/0.5"), path);
        assertEquals(8, json.get("criticalPathWorkers").asInt());
        assertFalse(json.get("estimated").asBoolean());
    }

    @Test
    void textIsATableAndThePath() {
        Run run = run("simulate", "--from", REPORT, "--workers", "1,2");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("13 units (4 score, 1 prune, 6 evaluate, 2 finetune); durations from "
                + REPORT + " (experiment exp-tiny)"), lines.get(0));
        assertEquals("note: evaluation grain curve (as the run's units)", lines.get(1));
        assertEquals(List.of("workers/kind", "makespan", "speed-up", "scorer", "pruner", "finetuner"),
                cells(lines.get(3)));
        assertEquals(List.of("1", "60.0 s", "1.00×", "15 %", "40 %", "100 %"), cells(lines.get(4)));
        assertEquals(List.of("2", "38.0 s", "1.58×", "12 %", "32 %", "79 %"), cells(lines.get(5)));
        int path = lines.indexOf("critical path at 2 workers per kind: 3 units, 36.0 s of the 38.0 s makespan");
        assertTrue(path > 0, run.out());
        assertEquals(List.of("30.0 s", "finetune/finetuned/builtin/spam"), cells(lines.get(path + 1)));
    }

    @Test
    void aRecordedRunCutPerFractionSaysSoAndKeepsItsWork() {
        Run run = run("simulate", "--from", REPORT, "--workers", "1", "--evaluation-grain", "FRACTION");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("19 units (4 score, 1 prune, 12 evaluate, 2 finetune)"), lines.get(0));
        assertEquals("note: evaluation grain fraction (the run's curve units recut: each point at its recorded "
                + "seconds per point)", lines.get(1));
        // one worker per kind: the same work in the same order of needs, so the same 60 s
        assertEquals(List.of("1", "60.0 s", "1.00×", "15 %", "40 %", "100 %"), cells(lines.get(4)));
    }

    @Test
    void badOptionsAreNamed() {
        Run zero = run("simulate", "--from", REPORT, "--workers", "2,0");
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("--workers: 0 is not a number of workers"), zero.err());
        Run format = run("simulate", "--from", REPORT, "--format", "xml");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("'--format'"), format.err());
        Run preset = run("simulate", "--preset", "nope");
        assertEquals(2, preset.exitCode());
        assertTrue(preset.err().contains("--preset: unknown preset 'nope'"), preset.err());
        Run missing = run("simulate", "--from", "no/such/report.json");
        assertTrue(missing.err().contains("--from: no such file no/such/report.json"), missing.err());
    }

    /** The request summary of a real default run's report.json has the default preset's plan, not quick's. */
    @Test
    void aDefaultRunsReportMatchesTheDefaultPreset() throws Exception {
        RecordedRun run = RecordedRun.read(Path.of("src/test/resources/simulate/default-without-units.json"));
        assertTrue(run.samePlanAs(SimulateCommand.presetRequest("default")));
        assertFalse(run.samePlanAs(SimulateCommand.presetRequest("quick")));
    }

    private static List<String> cells(String line) {
        return List.of(line.strip().split(" {2,}"));
    }
}
