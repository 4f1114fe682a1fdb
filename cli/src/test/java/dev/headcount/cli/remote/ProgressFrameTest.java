package dev.headcount.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text of progress updates: bars, counts, percentages, times, the latest message. */
class ProgressFrameTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void durationsAreShort() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("42s", Durations.format(Duration.ofMillis(41_600)));
        assertEquals("4m05s", Durations.format(Duration.ofSeconds(245)));
        assertEquals("59m59s", Durations.format(Duration.ofSeconds(3599)));
        assertEquals("1h07m", Durations.format(Duration.ofSeconds(3600 + 7 * 60 + 10)));
    }

    @Test
    void barsFillInProportion() {
        assertEquals("....................", ProgressFrame.bar(0));
        assertEquals("##########..........", ProgressFrame.bar(0.5));
        assertEquals("####################", ProgressFrame.bar(1.2));
    }

    @Test
    void aStageLineHasCountsPercentElapsedAndEta() {
        StageTimer timer = new StageTimer();
        timer.observe(new StageCount(PipelineStage.EVALUATIONS, 0, 40, 0, false), 0);
        StageCount count = new StageCount(PipelineStage.EVALUATIONS, 10, 40, 0, true);
        timer.observe(count, 150 * SECOND);
        assertEquals("evaluations        #####...............     10/40  25.0 %  2m30s, ETA 7m30s",
                ProgressFrame.stageLine(count, timer));
        assertTrue(ProgressFrame.stageLine(count, timer).length() <= 80);
    }

    @Test
    void stageStates() {
        StageCount idle = new StageCount(PipelineStage.PRUNED_MODELS, 0, 2, 0, false);
        StageTimer waiting = new StageTimer();
        waiting.observe(idle, 0);
        assertTrue(ProgressFrame.stageLine(idle, waiting).endsWith("0/2   0.0 %  waiting"));

        StageTimer finished = new StageTimer();
        finished.observe(idle, 0);
        StageCount done = new StageCount(PipelineStage.PRUNED_MODELS, 2, 2, 0, true);
        finished.observe(done, 65 * SECOND);
        assertTrue(ProgressFrame.stageLine(done, finished).endsWith("2/2 100.0 %  done in 1m05s"));

        // status takes one look: no timer, just the state
        assertTrue(ProgressFrame.stageLine(done, null).endsWith("done"));
        assertTrue(ProgressFrame.stageLine(new StageCount(PipelineStage.PRUNED_MODELS, 1, 2, 0, true), null)
                .endsWith("in progress"));
    }

    @Test
    void aFrameOfTheCannedExperiment() throws Exception {
        ExperimentProgress progress = ExperimentProgress.of(new ObjectMapper().readTree(
                CannedReportService.resource("experiment-running.json")));
        Map<PipelineStage, StageTimer> timers = new EnumMap<>(PipelineStage.class);
        progress.stages().forEach(s -> timers.computeIfAbsent(s.stage(), x -> new StageTimer()).observe(s, 0));
        List<String> lines = ProgressFrame.lines(progress, timers, Duration.ofSeconds(75));
        assertEquals(List.of(
                "experiment exp-report: running, 54.0 % (1m15s)",
                "fine-tuning        ####################       1/1 100.0 %  done",
                "importance maps    ############........       1/2  62.5 %  0s, ETA --",
                "pruned models      ####################       1/1 100.0 %  done",
                "evaluations        ##########..........     12/24  50.0 %  0s, ETA --",
                "pruned fine-tuning ########............       0/1  40.0 %  0s, ETA --",
                "latest: pruned fine-tuning pruned-then-finetuned/task:builtin/sotu/0.5/builtin/spam: step 40/100, "
                        + "epoch 1, loss 0.6931, 25.3 ex/s"), lines);
    }
}
