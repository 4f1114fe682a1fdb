package dev.headcount.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments {@code headcount run} submits: request bodies for the report-service, sized for
 * this 2-core machine. {@code default}: the built-in MiniLM (no LM head, so the pre-training task is
 * contrastive on consecutive State of the Union sentences) against three downstream tasks;
 * {@code quick}: the same shape, minutes instead of tens of minutes; {@code bert-base-mlm}: the
 * study's own setting, Google's BERT-base with masked LM (recommended on a GPU worker).
 */
final class ExperimentPresets {

    static final List<String> NAMES = List.of("default", "quick", "bert-base-mlm");

    private ExperimentPresets() {
    }

    static Map<String, Object> of(String preset) {
        Map<String, Object> r = new LinkedHashMap<>();
        switch (preset) {
            case "default" -> {
                r.put("model", "builtin:all-MiniLM-L6-v2");
                r.put("pretrainingTask", "builtin/sotu-pairs");
                r.put("downstreamTasks", List.of("builtin/lt-acceptability", "builtin/spam", "builtin/sotu-era"));
                r.put("samples", Map.of("scoringExamples", 128, "trainCap", 800, "devCap", 200));
                r.put("rankings", Map.of("byTaskImportance", true, "randomSeeds", 3));
                r.put("finetuneFractions", List.of(0.3, 0.5));
                r.put("fineTuning", Map.of("epochs", 2, "batchSize", 32, "maxLength", 64, "learningRate", 1e-4));
            }
            case "quick" -> {
                r.put("model", "builtin:all-MiniLM-L6-v2");
                r.put("pretrainingTask", "builtin/sotu-pairs");
                r.put("downstreamTasks", List.of("builtin/lt-acceptability", "builtin/spam"));
                r.put("samples", Map.of("scoringExamples", 48, "trainCap", 160, "devCap", 64));
                r.put("pruningFractions", List.of(0.0, 0.25, 0.5, 0.75));
                r.put("rankings", Map.of("byTaskImportance", true, "randomSeeds", 1));
                r.put("finetuneFractions", List.of(0.5));
                r.put("fineTuning", Map.of("epochs", 1, "batchSize", 16, "maxLength", 48, "learningRate", 1e-4));
            }
            case "bert-base-mlm" -> {
                r.put("model", "builtin:bert-base-uncased");
                r.put("pretrainingTask", "builtin/sotu");
                r.put("downstreamTasks", List.of("builtin/lt-acceptability", "builtin/spam", "builtin/sotu-era"));
                r.put("samples", Map.of("scoringExamples", 256, "trainCap", 2000, "devCap", 500));
                r.put("fineTuning", Map.of("epochs", 2, "batchSize", 32, "maxLength", 128, "learningRate", 3e-5));
            }
            default -> throw new IllegalArgumentException("unknown preset '" + preset + "'; presets: " + NAMES);
        }
        r.put("seed", 42);
        return r;
    }
}
