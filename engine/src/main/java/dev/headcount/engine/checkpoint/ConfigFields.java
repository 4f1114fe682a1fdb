package dev.headcount.engine.checkpoint;

import dev.headcount.engine.model.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which config.json fields a tensor's shape depends on, so that a shape that disagrees with the config names the
 * field to check (hidden_size, num_attention_heads, intermediate_size...) rather than only two arrays of numbers.
 */
final class ConfigFields {

    private ConfigFields() {
    }

    /**
     * "; dimension 1 is hidden_size (768) in config.json, the weights say 512" for each dimension that differs,
     * naming every field whose value the expected dimension equals (a tiny config may have several).
     */
    static String disagreeing(ModelConfig c, long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            return "; the weights have " + actual.length + " dimensions, config.json implies " + expected.length;
        }
        List<String> parts = new ArrayList<>();
        for (int d = 0; d < expected.length; d++) {
            if (expected[d] != actual[d]) {
                Set<String> fields = fieldsOf(c, expected[d]);
                parts.add("dimension " + d + " is " + (fields.isEmpty() ? String.valueOf(expected[d])
                        : String.join(" or ", fields)) + " in config.json, the weights say " + actual[d]);
            }
        }
        return parts.isEmpty() ? "" : "; " + String.join("; ", parts);
    }

    private static Set<String> fieldsOf(ModelConfig c, long value) {
        Set<String> fields = new LinkedHashSet<>();
        add(fields, value, c.hiddenSize(), "hidden_size");
        if (c.embeddingSize() != c.hiddenSize()) {
            add(fields, value, c.embeddingSize(), "embedding_size");
        }
        add(fields, value, c.vocabSize(), "vocab_size");
        add(fields, value, c.intermediateSize(), "intermediate_size");
        add(fields, value, c.maxPositionEmbeddings(), "max_position_embeddings");
        add(fields, value, c.typeVocabSize(), "type_vocab_size");
        add(fields, value, c.numLabels(), "num_labels");
        for (int l = 0; l < c.numWeightLayers(); l++) {
            int kept = c.keptHeads(l).length;
            if (kept != c.numHeads() && (long) kept * c.headSize() == value) {
                fields.add("kept heads of layer " + l + " × head size (" + kept + " × " + c.headSize()
                        + " = " + value + ", from num_attention_heads " + c.numHeads() + " less pruned_heads)");
                break;
            }
        }
        return fields;
    }

    private static void add(Set<String> fields, long value, long field, String name) {
        if (value == field) {
            fields.add(name + " (" + field + ")");
        }
    }
}
