package dev.headcount.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments {@code headcount run} submits: request bodies for the report-service, sized for
 * this 2-core machine. {@code default}: the built-in MiniLM (no LM head, so the pre-training task is
 * contrastive on consecutive State of the Union sentences) against three downstream tasks;
 * {@code quick}: the same shape, minutes instead of tens of minutes; {@code bert-base-mlm}: Google's
 * BERT-base with masked LM (recommended on a GPU worker); {@code roberta-base-glue} and
 * {@code albert-base-v2-glue}: the study's own setting, from the Hugging Face Hub: masked LM on
 * WikiText and six GLUE tasks, sized for one GPU.
 */
final class ExperimentPresets {

    static final List<String> NAMES = List.of("default", "quick", "bert-base-mlm", "roberta-base-glue", "albert-base-v2-glue");
    /**
     * WikiText-2 rather than -103: the two share their validation and test articles, and importance is scored on
     * the dev split; -103's training split is 300 MB of parquet read whole into memory for nothing.
     */
    static final String WIKITEXT = "text/wikitext=hf-dataset:Salesforce/wikitext/wikitext-2-raw-v1?kind=mlm";
    /** The study's GLUE tasks; MNLI and QQP (393k and 364k training pairs) are left to {@code --tasks}. */
    static final List<String> GLUE_TASKS = List.of("glue/cola", "glue/sst2", "glue/mrpc", "glue/stsb", "glue/qnli", "glue/rte");

    private ExperimentPresets() {
    }

    static Map<String, Object> of(String preset) {
        Map<String, Object> r = new LinkedHashMap<>();
        switch (preset) {
            case "default" -> {
                r.put("model", "builtin:all-MiniLM-L6-v2");
                r.put("pretrainingTask", "builtin/sotu-pairs");
                r.put("downstreamTasks", List.of("builtin/lt-acceptability", "builtin/spam", "builtin/sotu-era"));
                // acceptability's short sentences cost little per example, and 800 of them left a model pruned
                // before fine-tuning at chance in one of three seeds: it trains on 2,400
                r.put("samples", Map.of("scoringExamples", 128, "trainCap", 800, "devCap", 200,
                        "trainCapByTask", Map.of("builtin/lt-acceptability", 2400)));
                r.put("rankings", Map.of("byTaskImportance", true, "randomSeeds", 5));
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
            case "roberta-base-glue" -> study(r, "hf:FacebookAI/roberta-base", 2e-5);
            case "albert-base-v2-glue" -> study(r, "hf:albert/albert-base-v2", 3e-5);
            default -> throw new IllegalArgumentException("unknown preset '" + preset + "'; presets: " + NAMES);
        }
        r.put("seed", 42);
        return r;
    }

    /** Learning rates as in the RoBERTa and ALBERT papers' GLUE fine-tuning ranges. */
    private static void study(Map<String, Object> r, String model, double learningRate) {
        r.put("model", model);
        r.put("pretrainingTask", WIKITEXT);
        r.put("downstreamTasks", GLUE_TASKS);
        r.put("samples", Map.of("scoringExamples", 512, "trainCap", 8000, "devCap", 1000));
        r.put("fineTuning", Map.of("epochs", 3, "batchSize", 32, "maxLength", 128, "learningRate", learningRate));
    }
}
