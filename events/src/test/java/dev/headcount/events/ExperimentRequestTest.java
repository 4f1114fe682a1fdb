package dev.headcount.events;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentRequestTest {

    @Test
    void aTaskMayHaveItsOwnTrainingCapAndOnlyATaskOfTheRequest() {
        SampleSizes samples = new SampleSizes(128, 800, 200, java.util.Map.of("builtin/lt-acceptability", 2400));
        assertEquals(2400, samples.trainCapOf("builtin/lt-acceptability"));
        assertEquals(800, samples.trainCapOf("builtin/spam"));
        ExperimentRequest ok = new ExperimentRequest("builtin:all-MiniLM-L6-v2", TaskSpec.parse("builtin/sotu-pairs"),
                List.of(TaskSpec.parse("builtin/lt-acceptability")), samples, null, null, null, null, null, null);
        assertEquals(List.of(), ok.validate());
        ExperimentRequest wrong = new ExperimentRequest("builtin:all-MiniLM-L6-v2", TaskSpec.parse("builtin/sotu-pairs"),
                List.of(TaskSpec.parse("builtin/spam")), new SampleSizes(128, 800, 200,
                java.util.Map.of("builtin/lt-acceptability", 2400, "builtin/spam", 0)), null, null, null, null, null, null);
        assertEquals(List.of("samples.trainCapByTask names builtin/lt-acceptability, which is not a task of this "
                + "request [builtin/sotu-pairs, builtin/spam]", "samples.trainCapByTask.builtin/spam must be > 0, was 0"),
                wrong.validate());
    }

    @Test
    void absentOptionsTakeTheirDefaults() throws Exception {
        ExperimentRequest request = EventJson.mapper().readValue("{\"model\":\"builtin:all-MiniLM-L6-v2\","
                + "\"pretrainingTask\":\"builtin/sotu\",\"downstreamTasks\":[\"glue/rte=/data/rte\"],"
                + "\"fineTuning\":{\"epochs\":5}}", ExperimentRequest.class);
        assertEquals(List.of(), request.validate());
        assertEquals(5, request.fineTuning().epochs());
        assertEquals(2e-5, request.fineTuning().learningRate());
        assertEquals(ExperimentRequest.DEFAULT_PRUNING_FRACTIONS, request.pruningFractions());
        assertEquals(List.of(0.3, 0.5), request.finetuneFractions());
        assertEquals(Granularity.PER_EXAMPLE, request.importance().granularity());
        assertEquals(42L, request.seed());
        assertEquals(new TaskSpec("glue/rte", "/data/rte"), request.downstreamTasks().get(0));
        assertEquals(List.of("builtin/sotu", "glue/rte"), request.taskNames());
        assertEquals(List.of(Ranking.byTask("builtin/sotu"), Ranking.byTask("glue/rte"), Ranking.random(0),
                Ranking.random(1), Ranking.random(2), Ranking.random(3), Ranking.random(4)), request.allRankings());
    }

    @Test
    void everyProblemOfABadRequestIsNamed() {
        ExperimentRequest bad = new ExperimentRequest(" ", null,
                Arrays.asList(TaskSpec.parse("builtin/spam"), TaskSpec.parse("builtin/spam"), null),
                new SampleSizes(0, 10, -1), null, List.of(0.0, 1.0, 0.5, 0.5), new RankingOptions(false, 0),
                List.of(-0.1), new FineTuneOptions(0, 2.0, 0, 4096, 1.5, -1.0), 7L);
        assertEquals(List.of(
                "model is required: builtin:<name> or a model directory",
                "pretrainingTask is required, e.g. builtin/sotu (masked LM) or builtin/sotu-pairs (contrastive)",
                "downstreamTasks[1] repeats task builtin/spam",
                "downstreamTasks[2] is missing",
                "pruningFractions[1] must be in [0, 1), was 1.0",
                "pruningFractions[3] repeats 0.5",
                "finetuneFractions[0] must be in [0, 1), was -0.1",
                "samples.scoringExamples must be > 0, was 0",
                "samples.devCap must be > 0, was -1",
                "rankings: no ranking left (byTaskImportance is false and randomSeeds is 0)",
                "fineTuning.epochs must be > 0, was 0",
                "fineTuning.learningRate must be in (0, 1), was 2.0",
                "fineTuning.batchSize must be > 0, was 0",
                "fineTuning.maxLength must be in [8, 512], was 4096",
                "fineTuning.warmupRatio must be in [0, 1), was 1.5",
                "fineTuning.weightDecay must be >= 0, was -1.0"), bad.validate());
    }

    @Test
    void aWarmUpOverEveryStepIsAProblemBecauseTheScheduleWouldNeverDecay() {
        List<String> problems = new java.util.ArrayList<>();
        new FineTuneOptions(1, 1e-4, 8, 64, 1.0, 0.0).check(problems);
        assertEquals(List.of("fineTuning.warmupRatio must be in [0, 1), was 1.0"), problems);
    }

    @Test
    void noDownstreamTaskAndAPretrainingTaskRepeatedAreProblems() {
        assertEquals(List.of("downstreamTasks must name at least one task, e.g. builtin/lt-acceptability"),
                ExperimentRequest.of("builtin:all-MiniLM-L6-v2", "builtin/sotu").validate());
        assertEquals(List.of("downstreamTasks[0] is the pre-training task builtin/sotu"),
                ExperimentRequest.of("m", "builtin/sotu", "builtin/sotu").validate());
    }

    @Test
    void aMalformedTaskNameInARequestEventIsNamed() {
        String json = "{\"type\":\"ExperimentRequested\",\"schemaVersion\":1,\"experimentId\":\"e1\","
                + "\"request\":{\"model\":\"m\",\"pretrainingTask\":\"builtin/sotu\","
                + "\"downstreamTasks\":[\"builtin/spam\",\"9lives\"]}}";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(json));
        assertEquals("ExperimentRequested", e.eventType());
        assertEquals("request.downstreamTasks[1]", e.field());
        assertTrue(e.getMessage().contains("task name '9lives' must be"), e.getMessage());
    }
}
