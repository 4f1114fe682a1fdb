package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.testing.TinyCheckpoint;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request run submits: preset, overrides, absolute paths, plain text as the pre-training task. */
class RunRequestTest {

    @TempDir
    Path dir;

    @Test
    void relativePathsBecomeAbsolute() {
        Path cwd = Path.of("/home/me/study");
        Map<String, Object> request = RunRequest.of("quick", "models/my-bert", null, null,
                List.of("glue/rte=data/RTE", "builtin/spam", "my/reviews=file:data/reviews.csv?kind=single&dev=data/dev.csv",
                        "glue/mrpc=/abs/MRPC"), cwd);
        assertEquals("/home/me/study/models/my-bert", request.get("model"));
        assertEquals(List.of("glue/rte=/home/me/study/data/RTE", "builtin/spam",
                "my/reviews=file:/home/me/study/data/reviews.csv?kind=single&dev=/home/me/study/data/dev.csv",
                "glue/mrpc=/abs/MRPC"), request.get("downstreamTasks"));
        assertEquals("builtin/sotu-pairs", request.get("pretrainingTask"));
        assertEquals("builtin:all-MiniLM-L6-v2", RunRequest.of("quick", null, null, null, null, cwd).get("model"));
    }

    @Test
    void theStudyPresetsAreValidRequestsOfTheSizeTheReadmeEstimates() {
        for (String preset : List.of("roberta-base-glue", "albert-base-v2-glue")) {
            Map<String, Object> body = RunRequest.of(preset, null, null, null, null, Path.of("/x"));
            ExperimentRequest request = EventJson.mapper().convertValue(body, ExperimentRequest.class);
            ExperimentPlan plan = new ExperimentPlan("x", request);
            assertEquals("text/wikitext", request.pretrainingTask().name());
            assertEquals("hf-dataset:Salesforce/wikitext/wikitext-2-raw-v1?kind=mlm", request.pretrainingTask().location());
            assertEquals(6, request.downstreamTasks().size());
            // the unit counts behind the README's time estimates: 7 maps, 6 x (1 + 2) fine-tunes,
            // 10 fractions x (1 + 6 own targets, 6 x 2 downstream-ranking targets, 5 seeds x 7 tasks) evaluations
            assertEquals(7, plan.importanceMaps().size());
            assertEquals(18, plan.fineTunes().size());
            assertEquals(10 * (7 + 12 + 35), plan.evaluations().size());
        }
        assertEquals("hf:FacebookAI/roberta-base", RunRequest.of("roberta-base-glue", null, null, null, null, Path.of("/x")).get("model"));
        assertEquals("hf:albert/albert-base-v2@main",
                RunRequest.of("quick", "hf:albert/albert-base-v2@main", "builtin/sotu", null, null, Path.of("/x")).get("model"),
                "a Hub name is not a path");
    }

    @Test
    void homeIsExpandedWhereTheShellDoesNot() {
        assertEquals("glue/rte=" + System.getProperty("user.home") + "/glue/RTE",
                TaskLocations.task("glue/rte=~/glue/RTE", Path.of("/x")));
    }

    @Test
    void plainTextIsContrastiveForAModelWithoutAnMlmHead() throws Exception {
        Path text = Files.writeString(dir.resolve("my speeches.txt"), "One sentence here. Another one there.\n");
        Map<String, Object> request = RunRequest.of("quick", null, null, Path.of("my speeches.txt"), null, dir);
        String spec = (String) request.get("pretrainingTask");
        assertEquals("text/my-speeches=file:" + text + "?kind=contrastive", spec);
        // a name the request accepts
        assertEquals("text/my-speeches", TaskSpec.parse(spec).name());
    }

    @Test
    void plainTextIsMaskedLmForAModelWithAnMlmHead() throws Exception {
        Path text = Files.writeString(dir.resolve("corpus.txt"), "One sentence here.\n");
        assertEquals("text/corpus=file:" + text + "?kind=mlm",
                PretrainingText.taskSpec(text, "builtin:bert-base-uncased", dir));
        TinyCheckpoint mlm = TinyCheckpoints.write(dir.resolve("mlm"), TinySpec.bert(TinyHead.MASKED_LM));
        TinyCheckpoint bare = TinyCheckpoints.write(dir.resolve("bare"), TinySpec.bert(TinyHead.BASE));
        assertTrue(MlmHeads.has(mlm.directory().toString()));
        assertFalse(MlmHeads.has(bare.directory().toString()));
        assertFalse(MlmHeads.has("builtin:all-MiniLM-L6-v2"));
        assertEquals("text/corpus=file:" + text + "?kind=mlm",
                RunRequest.of("default", "mlm", null, text, null, dir).get("pretrainingTask"));
    }

    @Test
    void aModelWithAnMlmHeadIsScoredWithMaskedLmOnTheSameText() throws Exception {
        TinyCheckpoints.write(dir.resolve("mlm"), TinySpec.bert(TinyHead.MASKED_LM));
        TinyCheckpoints.write(dir.resolve("bare"), TinySpec.bert(TinyHead.BASE));
        assertEquals("builtin/sotu", RunRequest.of("default", "mlm", null, null, null, dir).get("pretrainingTask"));
        assertEquals("builtin/sotu-pairs", RunRequest.of("default", "bare", null, null, null, dir).get("pretrainingTask"));
        assertEquals("builtin/sotu",
                RunRequest.of("default", "builtin:bert-base-uncased", null, null, null, dir).get("pretrainingTask"));
        // an explicit task always wins
        assertEquals("builtin/sotu-pairs", RunRequest.of("default", "mlm", "builtin/sotu-pairs", null, null, dir)
                .get("pretrainingTask"));
    }

    @Test
    void plainTextErrorsNameTheOption() throws Exception {
        assertEquals("--pretrain-text: no such file or folder " + dir.resolve("missing.txt"), assertThrows(
                IllegalArgumentException.class, () -> RunRequest.of("quick", null, null, Path.of("missing.txt"), null, dir))
                .getMessage());
        Path text = Files.writeString(dir.resolve("a.txt"), "Text.\n");
        assertEquals("--pretrain-task and --pretrain-text both name the pre-training task: give one", assertThrows(
                IllegalArgumentException.class, () -> RunRequest.of("quick", null, "builtin/sotu", text, null, dir))
                .getMessage());
        String noModel = assertThrows(IllegalArgumentException.class,
                () -> RunRequest.of("quick", "no-such-model", null, text, null, dir)).getMessage();
        assertTrue(noModel.startsWith("--pretrain-text: cannot tell whether " + dir.resolve("no-such-model")
                + " has a masked-LM head"), noModel);
    }

    @Test
    void taskNamesFromFileNames() {
        assertEquals("books", PretrainingText.taskName(Path.of("/data/books")));
        assertEquals("t2024-speeches", PretrainingText.taskName(Path.of("/data/2024 speeches.txt")));
        assertEquals("a.b", PretrainingText.taskName(Path.of("a.b.txt")));
    }
}
