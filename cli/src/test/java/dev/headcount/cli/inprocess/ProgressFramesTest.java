package dev.headcount.cli.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.cli.remote.PipelineStage;
import dev.headcount.cli.remote.ProgressDisplay;
import dev.headcount.cli.remote.StageCount;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.RankingOptions;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.TaskSpec;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process run's progress frame counts each stage from the units done, as the services' run shows it. */
class ProgressFramesTest {

    @Test
    void countsMapsWhenTheirLastShardIsDoneAndEvaluationsByPoint() {
        ExperimentRequest request = new ExperimentRequest("/models/tiny", TaskSpec.parse("tiny/text"),
                List.of(TaskSpec.parse("tiny/topic")), new SampleSizes(12, 40, 8), null, List.of(0.0, 0.25, 0.5),
                new RankingOptions(true, 1), List.of(0.5), new FineTuneOptions(1, 1e-4, 4, 16, 0.0, 0.0), 7L);
        ExperimentPlan experiment = new ExperimentPlan("exp-frames", request);
        WorkPlan plan = WorkPlan.of(experiment);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressFrames frames = new ProgressFrames(new ProgressDisplay(new PrintStream(out, true,
                StandardCharsets.UTF_8), false, 200, Duration.ZERO, Duration.ZERO), () -> now[0]);
        frames.planned(plan);
        List<WorkUnit> units = plan.units();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        int mapShardsSeen = 0;
        for (int i = 0; i < units.size(); i++) {
            WorkUnit unit = units.get(i);
            now[0] += 1_000_000_000L;
            frames.started(unit, i + 1, units.size());
            frames.done(new WorkDone("exp-frames", unit, InProcessRun.WORKER, t, t.plusSeconds(1), false), i + 1,
                    units.size());
            if (unit.kind() == WorkUnit.Kind.SCORE && ++mapShardsSeen == unit.shards()) {
                // the first map's last shard: one map done, not one per shard
                StageCount maps = frames.progress(false).stages().stream()
                        .filter(s -> s.stage() == PipelineStage.IMPORTANCE_MAPS).findFirst().orElseThrow();
                assertTrue(maps.done() >= 1 && maps.done() <= experiment.importanceMaps().size(), maps.toString());
            }
        }
        for (StageCount stage : frames.progress(true).stages()) {
            assertEquals(stage.expected(), stage.done(), stage.toString());
        }
        assertEquals(experiment.evaluations().size(), frames.progress(true).stage(PipelineStage.EVALUATIONS).done());
        String shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("experiment exp-frames: completed, 100.0 %"), shown);
    }
}
