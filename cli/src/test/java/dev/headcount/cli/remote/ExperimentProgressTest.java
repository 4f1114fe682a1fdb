package dev.headcount.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading GET /experiments/{id}: stage counts, fine-tunes split by kind, the unit in hand, latest lines. */
class ExperimentProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode running() throws Exception {
        return JSON.readTree(CannedReportService.resource("experiment-running.json"));
    }

    @Test
    void stagesInPipelineOrderWithFineTunesSplitByKind() throws Exception {
        ExperimentProgress progress = ExperimentProgress.of(running());
        assertEquals("running", progress.status());
        assertFalse(progress.finished());
        assertEquals(List.of(PipelineStage.FINE_TUNING, PipelineStage.IMPORTANCE_MAPS, PipelineStage.PRUNED_MODELS,
                PipelineStage.EVALUATIONS, PipelineStage.PRUNED_FINE_TUNING),
                progress.stages().stream().map(StageCount::stage).toList());
        StageCount fineTuning = progress.stage(PipelineStage.FINE_TUNING);
        assertEquals(1, fineTuning.done());
        assertEquals(1, fineTuning.expected());
        StageCount pruned = progress.stage(PipelineStage.PRUNED_FINE_TUNING);
        assertEquals(0, pruned.done());
        assertEquals(1, pruned.expected());
    }

    @Test
    void theUnitInHandCountsWhereProgressCountsInsideUnits() throws Exception {
        ExperimentProgress progress = ExperimentProgress.of(running());
        // scoring: 64 of 256 examples of the second map
        assertEquals(1.25, progress.stage(PipelineStage.IMPORTANCE_MAPS).effectiveDone(), 1e-12);
        // pruned fine-tuning: step 40 of 100
        assertEquals(0.4, progress.stage(PipelineStage.PRUNED_FINE_TUNING).effectiveDone(), 1e-12);
        // the pruner's 12/24 counts whole evaluations, already in the stage count
        assertEquals(12, progress.stage(PipelineStage.EVALUATIONS).effectiveDone(), 1e-12);
        // fine-tuning: its latest event is the finished unit (1/1), nothing in hand
        assertEquals(1, progress.stage(PipelineStage.FINE_TUNING).effectiveDone(), 1e-12);
    }

    @Test
    void theLatestLineIsTheNewestEventByOffset() throws Exception {
        ExperimentProgress progress = ExperimentProgress.of(running());
        assertEquals("pruned fine-tuning pruned-then-finetuned/task:builtin/sotu/0.5/builtin/spam: step 40/100, "
                + "epoch 1, loss 0.6931, 25.3 ex/s", progress.latest());
        assertEquals("importance maps: scoring builtin/spam on finetuned/builtin/spam",
                progress.latestByStage().get("score"));
        assertEquals(5, progress.latestByStage().size());
    }

    @Test
    void stagesThatExpectNothingAreLeftOut() throws Exception {
        ObjectNode experiment = (ObjectNode) running();
        ObjectNode counts = (ObjectNode) experiment.path("progress");
        counts.putObject("prunedModels").put("done", 0).put("expected", 0);
        counts.putObject("fineTunes").put("done", 0).put("expected", 1);
        experiment.remove("latestProgress");
        ((ObjectNode) experiment.path("results")).putArray("fineTunes");
        ExperimentProgress progress = ExperimentProgress.of(experiment);
        assertNull(progress.stage(PipelineStage.PRUNED_MODELS));
        assertNull(progress.stage(PipelineStage.PRUNED_FINE_TUNING));
        assertNull(progress.latest());
    }

    @Test
    void aListEntryWithoutResultsSplitsTheCountInOrder() throws Exception {
        JsonNode summary = JSON.readTree(CannedReportService.resource("experiments.json")).get(1);
        ExperimentProgress progress = ExperimentProgress.of(summary);
        assertEquals("completed", progress.status());
        assertTrue(progress.finished());
        assertEquals(2, progress.stage(PipelineStage.FINE_TUNING).done());
        assertEquals(4, progress.stage(PipelineStage.PRUNED_FINE_TUNING).done());
        assertEquals(100, progress.percent(), 1e-9);
    }

    @Test
    void failuresNameTheService() throws Exception {
        ObjectNode experiment = (ObjectNode) running();
        experiment.put("status", "failed");
        experiment.putArray("failures").addObject().put("reason", "no such task builtin/spm")
                .put("service", "finetune-service");
        ExperimentProgress progress = ExperimentProgress.of(experiment);
        assertTrue(progress.finished());
        assertEquals(List.of("finetune-service: no such task builtin/spm"), progress.failures());
    }
}
