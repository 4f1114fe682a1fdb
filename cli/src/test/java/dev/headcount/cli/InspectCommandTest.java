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

    /**
     * transformers' save_pretrained leaves id2label, label2id and num_labels out of config.json when a
     * classifier has its default two labels; the number of labels then comes from the classifier's weights.
     */
    @Test
    void aTwoLabelClassifierSavedByTransformersWithoutLabelFields(@TempDir Path dir) throws Exception {
        for (TinySpec spec : List.of(TinySpec.bert(TinyHead.SEQUENCE_CLASSIFICATION).withNumLabels(2),
                TinySpec.roberta(TinyHead.SEQUENCE_CLASSIFICATION).withNumLabels(2))) {
            TinyCheckpoint ckpt = TinyCheckpoints.write(dir.resolve(spec.transformersClass()), spec);
            Path config = ckpt.directory().resolve("config.json");
            com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(config.toFile());
            c.remove(List.of("id2label", "label2id", "num_labels", "problem_type"));
            Files.writeString(config, JSON.writeValueAsString(c));
            ReferenceInputs in = SampleBatches.padded(ckpt.spec());
            Path input = dir.resolve("inputs.json");
            Files.writeString(input, JSON.writeValueAsString(Map.of("input_ids", in.inputIds(),
                    "attention_mask", in.attentionMask(), "token_type_ids", in.tokenTypeIds(), "labels", new long[] {1, 0})));
            JsonNode out = run("inspect", "--model", ckpt.directory().toString(), "--input", input.toString(),
                    "--head", "classification");
            ReferenceEncoder reference = ckpt.reference();
            double[][] logits = reference.classificationLogits(reference.forward(in, null, HeadMaskMode.PER_PASS));
            assertEquals(2, out.get("logits").get(0).size(), spec.transformersClass());
            for (int b = 0; b < 2; b++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(logits[b][k], out.get("logits").get(b).get(k).asDouble(), 2e-4);
                }
            }
            assertTrue(out.get("loss").isNumber());

            // a config.json that does name a number must agree with the weights
            c.put("num_labels", 3);
            Files.writeString(config, JSON.writeValueAsString(c));
            String message = runFailing("inspect", "--model", ckpt.directory().toString(), "--input", input.toString());
            assertTrue(message.contains("says 3 label(s)") && message.contains("with 2 output row(s)"), message);
        }
    }

    /** A checkpoint without a task head (a sentence-embedding model) still gives the encoder's outputs. */
    @Test
    void aHeadlessCheckpointGivesEncoderOutputsAndNullsForTheRest(@TempDir Path dir) throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir.resolve("bare"), TinySpec.bert(TinyHead.BASE));
        ReferenceInputs in = SampleBatches.padded(ckpt.spec());
        Path input = dir.resolve("inputs.json");
        Files.writeString(input, JSON.writeValueAsString(Map.of("input_ids", in.inputIds(),
                "attention_mask", in.attentionMask(), "token_type_ids", in.tokenTypeIds())));
        JsonNode out = run("inspect", "--model", ckpt.directory().toString(), "--input", input.toString());
        assertEquals(List.of("embedding_output", "last_hidden_state", "logits", "loss", "head_gate_gradient",
                "head_importance", "head_importance_normalized", "attention_entropy"), fieldNames(out));
        ReferenceForward expected = ckpt.reference().forward(in, null, HeadMaskMode.PER_PASS);
        assertEquals(expected.lastHiddenState()[1][2][3], out.get("last_hidden_state").get(1).get(2).get(3).asDouble(), 2e-4);
        for (String key : List.of("logits", "loss", "head_gate_gradient", "head_importance", "head_importance_normalized")) {
            assertTrue(out.get(key).isNull(), key + " is null without a task head: " + out.get(key));
        }
        assertTrue(out.get("attention_entropy").get(0).get(0).asDouble() > 0);

        Files.writeString(input, JSON.writeValueAsString(Map.of("input_ids", in.inputIds(),
                "attention_mask", in.attentionMask(), "labels", new long[] {1, 0})));
        String message = runFailing("inspect", "--model", ckpt.directory().toString(), "--input", input.toString());
        assertTrue(message.contains("has no task head"), message);
    }

    private static String runFailing(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Headcount.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertNotEquals(0, cli.execute(args));
        String message = err.toString();
        assertTrue(!message.contains("\tat "), "no stack trace: " + message);
        return message;
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
