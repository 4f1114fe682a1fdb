package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.testing.HeadMaskMode;
import dev.headcount.engine.testing.ReferenceEncoder;
import dev.headcount.engine.testing.ReferenceForward;
import dev.headcount.engine.testing.ReferenceInputs;
import dev.headcount.engine.testing.SampleBatches;
import dev.headcount.engine.testing.TinyCheckpoint;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The inspect command's contract: exactly its keys, values as the reference computes them. */
class InspectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsExactlyTheDocumentedKeysWithReferenceValues(@TempDir Path dir) throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir.resolve("albert"), TinySpec.albert(TinyHead.SEQUENCE_CLASSIFICATION));
        ReferenceInputs in = SampleBatches.padded(ckpt.spec());
        double[] perHead = {1, 0, 1, 0.5};
        Path input = dir.resolve("inputs.json");
        Files.writeString(input, JSON.writeValueAsString(Map.of(
                "input_ids", in.inputIds(), "attention_mask", in.attentionMask(), "token_type_ids", in.tokenTypeIds(),
                "labels", new long[] {1, 0}, "head_mask", perHead)));
        JsonNode out = run("inspect", "--model", ckpt.directory().toString(), "--input", input.toString(),
                "--albert-mask", "hf");
        assertEquals(List.of("embedding_output", "last_hidden_state", "logits", "loss", "head_gate_gradient",
                "head_importance", "head_importance_normalized", "attention_entropy"), fieldNames(out));

        double[][] broadcast = new double[ckpt.config().numLayers()][];
        for (int l = 0; l < broadcast.length; l++) {
            broadcast[l] = perHead.clone();
        }
        ReferenceEncoder reference = ckpt.reference();
        ReferenceForward expected = reference.forward(in, broadcast, HeadMaskMode.HF);
        double[][] logits = reference.classificationLogits(expected);
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < logits[b].length; c++) {
                assertEquals(logits[b][c], out.get("logits").get(b).get(c).asDouble(), 2e-4);
            }
        }
        assertEquals(expected.lastHiddenState()[1][3][5], out.get("last_hidden_state").get(1).get(3).get(5).asDouble(), 2e-4);
        JsonNode gradient = out.get("head_gate_gradient");
        assertNotEquals(0.0, gradient.get(0).get(0).asDouble());
        for (int l = 1; l < gradient.size(); l++) {
            for (JsonNode g : gradient.get(l)) {
                assertEquals(0.0, g.asDouble(), 0.0, "transformers' ALBERT applies only row 0");
            }
        }
        double max = 0;
        for (JsonNode row : out.get("head_importance_normalized")) {
            for (JsonNode v : row) {
                max = Math.max(max, v.asDouble());
            }
        }
        assertEquals(1.0, max, 1e-9);
    }

    @Test
    void badInputGetsAMessageNotAStackTrace(@TempDir Path dir) throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir.resolve("bert"), TinySpec.bert(TinyHead.MASKED_LM));
        Path input = dir.resolve("bad.json");
        Files.writeString(input, "{\"input_ids\": [[1, 2, \"x\"]]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Headcount.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        int code = cli.execute("inspect", "--model", ckpt.directory().toString(), "--input", input.toString());
        assertEquals(2, code);
        String message = err.toString();
        assertTrue(message.contains("input_ids[0][2] is not an integer"), message);
        assertTrue(!message.contains("\tat "), "no stack trace: " + message);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(0, Headcount.commandLine().execute(args));
        } finally {
            System.setOut(original);
        }
        return JSON.readTree(captured.toString());
    }
}
