package dev.headcount.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.importance.Normalization;

/** The JSON form of an importance map: raw sums and counts, so any normalisation can be redone. */
final class ImportanceJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportanceJson() {
    }

    static ObjectNode of(ImportanceMap map, String objective, String model) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", model);
        n.put("objective", objective);
        n.put("granularity", map.granularity().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        n.put("units", map.units());
        n.set("abs_gradient_sum", JSON.valueToTree(map.absGradientSum()));
        n.set("importance", JSON.valueToTree(map.importance()));
        n.set("importance_normalized", JSON.valueToTree(map.normalized(Normalization.DEFAULT)));
        n.set("attention_entropy", JSON.valueToTree(map.attentionEntropy()));
        n.put("entropy_tokens", map.entropyTokens());
        return n;
    }
}
