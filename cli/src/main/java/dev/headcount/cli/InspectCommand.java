package dev.headcount.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.importance.Inspection;
import dev.headcount.engine.model.AlbertMaskMode;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.pruning.HeadMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints everything the engine computes for a batch of token ids, as one JSON object. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Run a model on token ids and print embeddings, hidden states, logits, loss, head gate"
                + " gradients, importance and attention entropy as JSON (for comparison with other tools).")
public final class InspectCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory or built-in name (builtin:...)")
    String model;

    @Option(names = "--input", required = true, description = "JSON with input_ids, attention_mask, token_type_ids,"
            + " and optionally labels, head_mask, positions")
    Path input;

    @Option(names = "--albert-mask", defaultValue = "per-pass",
            description = "ALBERT head-mask rows: per-pass (one gate per pass) or hf (as transformers: row 0 on every pass)")
    String albertMask;

    @Option(names = "--head", description = "mlm, classification or none (default: mlm when the model has an MLM"
            + " head, else classification when it has a classifier, else none: the encoder's outputs only)")
    String head;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        InspectInput in = InspectInput.read(input);
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel m = ModelSource.open(model, manager)) {
            Inspection.Head which = chooseHead(m);
            if (which == Inspection.Head.NONE && (in.hasField("labels"))) {
                throw new IllegalArgumentException(input + ": has labels, but " + model
                        + " has no task head (no MLM head, no classifier) to compute a loss with; remove 'labels'");
            }
            ForwardOptions options = ForwardOptions.evaluation().withAlbertMaskMode(albertMode());
            HeadMask mask = in.headMask(m.config().numLayers());
            Inspection.Request request = new Inspection.Request(in.tokens(), which,
                    which == Inspection.Head.MLM ? in.mlmLabels() : null,
                    which == Inspection.Head.CLASSIFICATION ? in.classLabels() : null,
                    in.positions(), mask, options);
            Inspection.Result r = Inspection.run(m, request);
            ObjectNode out = JSON.createObjectNode();
            out.set("embedding_output", JSON.valueToTree(r.embeddingOutput()));
            out.set("last_hidden_state", JSON.valueToTree(r.lastHiddenState()));
            out.set("logits", JSON.valueToTree(r.logits()));
            out.set("loss", JSON.valueToTree(r.loss()));
            out.set("head_gate_gradient", JSON.valueToTree(r.headGateGradient()));
            out.set("head_importance", JSON.valueToTree(r.headImportance()));
            out.set("head_importance_normalized", JSON.valueToTree(r.headImportanceNormalized()));
            out.set("attention_entropy", JSON.valueToTree(r.attentionEntropy()));
            System.out.println(JSON.writeValueAsString(out));
        }
        return 0;
    }

    private AlbertMaskMode albertMode() {
        return switch (albertMask) {
            case "per-pass" -> AlbertMaskMode.PER_PASS;
            case "hf" -> AlbertMaskMode.HF;
            default -> throw new IllegalArgumentException("--albert-mask must be per-pass or hf, got " + albertMask);
        };
    }

    private Inspection.Head chooseHead(EncoderModel m) {
        if (head == null) {
            // a checkpoint without a task head (e.g. a sentence-embedding model) still has an encoder to inspect
            return m.mlmHead().isPresent() ? Inspection.Head.MLM
                    : m.classifier().isPresent() ? Inspection.Head.CLASSIFICATION : Inspection.Head.NONE;
        }
        return switch (head) {
            case "mlm" -> Inspection.Head.MLM;
            case "classification" -> Inspection.Head.CLASSIFICATION;
            case "none" -> Inspection.Head.NONE;
            default -> throw new IllegalArgumentException("--head must be mlm, classification or none, got " + head);
        };
    }

    /** The input file, validated field by field. */
    record InspectInput(Path file, JsonNode root) {

        static InspectInput read(Path file) throws IOException {
            try {
                return new InspectInput(file, JSON.readTree(file.toFile()));
            } catch (IOException e) {
                throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
            }
        }

        boolean hasField(String name) {
            return root.hasNonNull(name);
        }

        TokenBatch tokens() {
            long[][] ids = longMatrix("input_ids", true);
            long[][] mask = longMatrix("attention_mask", false);
            if (mask == null) {
                mask = new long[ids.length][ids[0].length];
                for (long[] row : mask) {
                    java.util.Arrays.fill(row, 1);
                }
            }
            try {
                return new TokenBatch(ids, mask, longMatrix("token_type_ids", false));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }

        long[][] mlmLabels() {
            JsonNode labels = root.get("labels");
            return labels == null || labels.isNull() ? null : longMatrix("labels", true);
        }

        long[] classLabels() {
            JsonNode labels = root.get("labels");
            if (labels == null || labels.isNull()) {
                return null;
            }
            long[] out = new long[labels.size()];
            for (int i = 0; i < out.length; i++) {
                if (!labels.get(i).canConvertToLong()) {
                    throw new IllegalArgumentException(file + ": labels[" + i + "] must be an integer class"
                            + " (one label per row for classification)");
                }
                out[i] = labels.get(i).asLong();
            }
            return out;
        }

        int[][] positions() {
            long[][] p = longMatrix("positions", false);
            if (p == null) {
                return null;
            }
            int[][] out = new int[p.length][];
            for (int i = 0; i < p.length; i++) {
                if (p[i].length != 2) {
                    throw new IllegalArgumentException(file + ": positions[" + i + "] must be [row, column]");
                }
                out[i] = new int[] {(int) p[i][0], (int) p[i][1]};
            }
            return out;
        }

        HeadMask headMask(int passes) {
            JsonNode m = root.get("head_mask");
            if (m == null || m.isNull()) {
                return null;
            }
            if (m.size() > 0 && m.get(0).isNumber()) {
                float[] perHead = new float[m.size()];
                for (int h = 0; h < perHead.length; h++) {
                    perHead[h] = (float) m.get(h).asDouble();
                }
                return HeadMask.broadcast(perHead, passes);
            }
            float[][] v = new float[m.size()][];
            for (int l = 0; l < v.length; l++) {
                v[l] = new float[m.get(l).size()];
                for (int h = 0; h < v[l].length; h++) {
                    v[l][h] = (float) m.get(l).get(h).asDouble();
                }
            }
            return new HeadMask(v);
        }

        private long[][] longMatrix(String field, boolean required) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) {
                if (required) {
                    throw new IllegalArgumentException(file + ": missing field '" + field + "'");
                }
                return null;
            }
            if (!n.isArray() || n.size() == 0 || !n.get(0).isArray()) {
                throw new IllegalArgumentException(file + ": '" + field + "' must be a non-empty array of arrays");
            }
            long[][] out = new long[n.size()][];
            for (int i = 0; i < out.length; i++) {
                JsonNode row = n.get(i);
                out[i] = new long[row.size()];
                for (int j = 0; j < row.size(); j++) {
                    if (!row.get(j).canConvertToLong()) {
                        throw new IllegalArgumentException(file + ": " + field + "[" + i + "][" + j
                                + "] is not an integer: " + row.get(j));
                    }
                    out[i][j] = row.get(j).asLong();
                }
            }
            return out;
        }
    }
}
