package dev.headcount.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end tests' experiment, small enough for two cores and four JVMs (about a minute): the built-in
 * MiniLM, tiny samples, two fractions, one random seed, one epoch. The dashboard's "tiny" preset is the same.
 */
final class TinyExperiments {
    static final String MODEL = "builtin:all-MiniLM-L6-v2";
    static final String PRETRAINING = "builtin/sotu-pairs";
    static final String DOWNSTREAM = "builtin/lt-acceptability";

    private TinyExperiments() {
    }

    /** The request without an id. */
    static Map<String, Object> request() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", MODEL);
        request.put("pretrainingTask", PRETRAINING);
        request.put("downstreamTasks", List.of(DOWNSTREAM));
        request.put("samples", Map.of("scoringExamples", 32, "trainCap", 64, "devCap", 32));
        request.put("pruningFractions", List.of(0.0, 0.5));
        request.put("rankings", Map.of("byTaskImportance", true, "randomSeeds", 1));
        request.put("finetuneFractions", List.of(0.5));
        request.put("fineTuning", Map.of("epochs", 1, "batchSize", 16, "maxLength", 32, "learningRate", 1e-4));
        request.put("seed", 7);
        return request;
    }

    static Map<String, Object> request(String experimentId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("experimentId", experimentId);
        request.putAll(request());
        return request;
    }
}
