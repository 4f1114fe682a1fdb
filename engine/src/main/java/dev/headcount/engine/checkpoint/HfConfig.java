package dev.headcount.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads and writes a Hugging Face {@code config.json} as a {@link ModelConfig}. */
public final class HfConfig {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HfConfig() {
    }

    public static ModelConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFormatException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file + ": expected a JSON object of model settings, found "
                    + (root == null ? "nothing" : root.getNodeType()));
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    static ModelConfig parse(JsonNode root) {
        Architecture arch = Architecture.fromModelType(text(root, "model_type", null));
        // sizes become tensor shapes and divisors: a zero or negative one is refused here, by name
        int hidden = positive(root, "hidden_size", null);
        int layers = positive(root, "num_hidden_layers", null);
        int heads = positive(root, "num_attention_heads", null);
        boolean albert = arch == Architecture.ALBERT;
        return new ModelConfig(
                arch,
                positive(root, "vocab_size", null),
                hidden,
                albert ? positive(root, "embedding_size", 128) : hidden,
                layers,
                heads,
                positive(root, "intermediate_size", null),
                Activation.fromName(text(root, "hidden_act", albert ? "gelu_new" : "gelu")),
                (float) number(root, "layer_norm_eps", 1e-12),
                positive(root, "max_position_embeddings", 512),
                nonNegative(root, "type_vocab_size", 2),
                integer(root, "pad_token_id", arch == Architecture.ROBERTA ? 1 : 0),
                albert ? positive(root, "num_hidden_groups", 1) : 1,
                albert ? integer(root, "inner_group_num", 1) : 1,
                (float) number(root, "hidden_dropout_prob", 0.1),
                (float) number(root, "attention_probs_dropout_prob", 0.1),
                numLabels(root),
                prunedHeads(root));
    }

    /** Labels come from {@code id2label} (as transformers saves them) or {@code num_labels}; 0 if neither. */
    private static int numLabels(JsonNode root) {
        if (root.hasNonNull("num_labels")) {
            return nonNegative(root, "num_labels", null);
        }
        JsonNode id2label = root.get("id2label");
        boolean classifier = false;
        JsonNode archs = root.get("architectures");
        if (archs != null) {
            for (JsonNode a : archs) {
                classifier |= a.asText().endsWith("ForSequenceClassification");
            }
        }
        return classifier && id2label != null ? id2label.size() : 0;
    }

    private static TreeMap<Integer, SortedSet<Integer>> prunedHeads(JsonNode root) {
        TreeMap<Integer, SortedSet<Integer>> pruned = new TreeMap<>();
        JsonNode node = root.get("pruned_heads");
        if (node == null || node.isNull()) {
            return pruned;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int layer;
            try {
                layer = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("pruned_heads key '" + e.getKey() + "' is not a layer number");
            }
            TreeSet<Integer> heads = new TreeSet<>();
            e.getValue().forEach(h -> heads.add(h.asInt()));
            pruned.put(layer, heads);
        }
        return pruned;
    }

    /** The config.json that Hugging Face would write for this model (plus the fields it reads back). */
    public static ObjectNode toJson(ModelConfig c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model_type", c.architecture().modelType());
        root.put("vocab_size", c.vocabSize());
        root.put("hidden_size", c.hiddenSize());
        if (c.architecture() == Architecture.ALBERT) {
            root.put("embedding_size", c.embeddingSize());
            root.put("num_hidden_groups", c.numHiddenGroups());
            root.put("inner_group_num", c.innerGroupNum());
        }
        root.put("num_hidden_layers", c.numLayers());
        root.put("num_attention_heads", c.numHeads());
        root.put("intermediate_size", c.intermediateSize());
        root.put("hidden_act", c.hiddenAct().hfName());
        root.put("layer_norm_eps", c.layerNormEps());
        root.put("max_position_embeddings", c.maxPositionEmbeddings());
        root.put("type_vocab_size", c.typeVocabSize());
        root.put("pad_token_id", c.padTokenId());
        root.put("hidden_dropout_prob", c.hiddenDropout());
        root.put("attention_probs_dropout_prob", c.attentionDropout());
        if (c.numLabels() > 0) {
            root.put("num_labels", c.numLabels());
            ObjectNode id2label = root.putObject("id2label");
            for (int i = 0; i < c.numLabels(); i++) {
                id2label.put(Integer.toString(i), "LABEL_" + i);
            }
            root.put("problem_type", c.numLabels() == 1 ? "regression" : "single_label_classification");
        }
        ObjectNode pruned = root.putObject("pruned_heads");
        c.prunedHeads().forEach((layer, heads) -> {
            var arr = pruned.putArray(Integer.toString(layer));
            heads.forEach(arr::add);
        });
        return root;
    }

    public static void write(ModelConfig config, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), toJson(config));
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
            return fallback;
        }
        return n.asText();
    }

    private static int integer(JsonNode root, String field, Integer fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' should be an integer, found " + n);
        }
        return n.asInt();
    }

    private static int positive(JsonNode root, String field, Integer fallback) {
        int value = integer(root, field, fallback);
        if (value <= 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a positive integer, found " + value);
        }
        return value;
    }

    private static int nonNegative(JsonNode root, String field, Integer fallback) {
        int value = integer(root, field, fallback);
        if (value < 0) {
            throw new IllegalArgumentException("field '" + field + "' must be >= 0, found " + value);
        }
        return value;
    }

    private static double number(JsonNode root, String field, double fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' should be a number, found " + n);
        }
        return n.asDouble();
    }
}
