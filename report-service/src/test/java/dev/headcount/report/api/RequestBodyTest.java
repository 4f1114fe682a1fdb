package dev.headcount.report.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBodyTest {

    @Test
    void aValidRequestWithAnId() {
        RequestBody body = RequestBody.parse("{\"experimentId\": \"exp-1\", \"model\": \"builtin:all-MiniLM-L6-v2\","
                + " \"pretrainingTask\": \"builtin/sotu\", \"downstreamTasks\": [\"builtin/spam\"]}");
        assertEquals(List.of(), body.problems());
        assertEquals("exp-1", body.experimentId());
        assertEquals("builtin/spam", body.request().downstreamTasks().get(0).name());
        assertEquals(42L, body.request().seed());
    }

    @Test
    void everyProblemIsListed() {
        RequestBody body = RequestBody.parse("{\"experimentId\": \"no spaces\", \"model\": \"\","
                + " \"downstreamTask\": [\"builtin/spam\"], \"pruningFractions\": [0, 1.5],"
                + " \"fineTuning\": {\"maxLength\": 4096}}");
        List<String> problems = body.problems();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("experimentId 'no spaces'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("unknown field 'downstreamTask'")), problems.toString());
        assertTrue(problems.contains("model is required: builtin:<name> or a model directory"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("pretrainingTask is required")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("downstreamTasks must name")), problems.toString());
        assertTrue(problems.contains("pruningFractions[1] must be in [0, 1), was 1.5"), problems.toString());
        assertTrue(problems.contains("fineTuning.maxLength must be in [8, 512], was 4096"), problems.toString());
    }

    @Test
    void anUnreadableFieldDoesNotHideTheOtherProblems() {
        RequestBody body = RequestBody.parse("{\"model\": \"m\", \"pretrainingTask\": \"builtin/sotu\","
                + " \"downstreamTasks\": [\"builtin/sotu\"], \"seed\": \"abc\", \"samples\": {\"devCap\": \"x\"}}");
        List<String> problems = body.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("seed: ")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("samples.devCap: ")), problems.toString());
        assertTrue(problems.contains("downstreamTasks[0] is the pre-training task builtin/sotu"), problems.toString());
        assertNull(body.request());
    }

    @Test
    void unreadableBodies() {
        assertTrue(RequestBody.parse("not json").problems().get(0).startsWith("body is not JSON"));
        assertEquals(List.of("body must be a JSON object (an experiment request)"), RequestBody.parse("[1]").problems());
        assertEquals(List.of("body must be a JSON object (an experiment request)"), RequestBody.parse("").problems());
        RequestBody badTask = RequestBody.parse("{\"model\": \"m\", \"pretrainingTask\": \"builtin/sotu\","
                + " \"downstreamTasks\": [\"1bad\"]}");
        assertNull(badTask.request());
        assertTrue(badTask.problems().get(0).startsWith("downstreamTasks[0]: task name '1bad'"),
                badTask.problems().toString());
    }
}
