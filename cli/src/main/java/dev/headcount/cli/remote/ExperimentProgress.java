package dev.headcount.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an experiment stands, read from the report-service's {@code GET /experiments/{id}}: its status, done /
 * expected per stage (stages that expect nothing are left out) and the latest progress line.
 *
 * <p>The API counts fine-tunes in one number; they are split here into fine-tuning the pre-trained model (one
 * per downstream task) and fine-tuning pruned models (the rest), by the {@code kind} of the results in.
 *
 * @param latest     the newest progress line of any stage, or {@code null}
 * @param latestByStage every stage's latest progress line, by {@code latestProgress} stage name
 * @param failures   the failure reasons, if any
 */
public record ExperimentProgress(String experimentId, String status, String model, List<StageCount> stages,
                                 String latest, Map<String, String> latestByStage, List<String> failures,
                                 List<String> waitingFor) {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public boolean finished() {
        return status.equals(COMPLETED) || status.equals(FAILED);
    }

    /** The count of one stage, or {@code null} when the experiment expects nothing of it. */
    public StageCount stage(PipelineStage stage) {
        return stages.stream().filter(s -> s.stage() == stage).findFirst().orElse(null);
    }

    /** All stages together, 0 to 100. */
    public double percent() {
        double done = 0;
        double expected = 0;
        for (StageCount s : stages) {
            done += s.effectiveDone();
            expected += s.expected();
        }
        return expected == 0 ? 0 : 100 * done / expected;
    }

    public static ExperimentProgress of(JsonNode experiment) {
        JsonNode progress = experiment.path("progress");
        JsonNode latest = experiment.path("latestProgress");
        long fineTunesDone = progress.path("fineTunes").path("done").asLong();
        long fineTunesExpected = progress.path("fineTunes").path("expected").asLong();
        long plainExpected = Math.min(fineTunesExpected, experiment.path("downstreamTasks").size());
        long plainDone;
        long prunedDone;
        JsonNode results = experiment.path("results").path("fineTunes");
        if (results.isArray()) {
            plainDone = 0;
            prunedDone = 0;
            for (JsonNode fineTune : results) {
                if (fineTune.path("kind").asText().equals("finetuned")) {
                    plainDone++;
                } else {
                    prunedDone++;
                }
            }
        } else {
            plainDone = Math.min(fineTunesDone, plainExpected);
            prunedDone = fineTunesDone - plainDone;
        }
        List<StageCount> stages = new ArrayList<>();
        add(stages, PipelineStage.FINE_TUNING, plainDone, plainExpected, latest);
        add(stages, PipelineStage.IMPORTANCE_MAPS, progress.path("importanceMaps").path("done").asLong(),
                progress.path("importanceMaps").path("expected").asLong(), latest);
        add(stages, PipelineStage.PRUNED_MODELS, progress.path("prunedModels").path("done").asLong(),
                progress.path("prunedModels").path("expected").asLong(), latest);
        add(stages, PipelineStage.EVALUATIONS, progress.path("evaluations").path("done").asLong(),
                progress.path("evaluations").path("expected").asLong(), latest);
        add(stages, PipelineStage.PRUNED_FINE_TUNING, prunedDone, fineTunesExpected - plainExpected, latest);

        Map<String, String> byStage = new LinkedHashMap<>();
        String newest = null;
        long newestOffset = Long.MIN_VALUE;
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) latest::fields) {
            String line = ProgressMessages.describe(entry.getValue());
            byStage.put(entry.getKey(), line);
            // one experiment's progress events share a partition, so the offset orders them
            long offset = entry.getValue().path("offset").asLong(Long.MIN_VALUE + 1);
            if (offset > newestOffset) {
                newestOffset = offset;
                newest = line;
            }
        }
        List<String> failures = new ArrayList<>();
        experiment.path("failures").forEach(f -> failures.add(reason(f)));
        if (failures.isEmpty() && experiment.path("failure").isObject()) {
            failures.add(reason(experiment.path("failure")));
        }
        List<String> waiting = new ArrayList<>();
        experiment.path("waitingFor").forEach(w -> waiting.add(w.asText()));
        return new ExperimentProgress(experiment.path("experimentId").asText(), experiment.path("status").asText(""),
                experiment.path("model").asText(""), stages, newest, byStage, failures, waiting);
    }

    private static void add(List<StageCount> stages, PipelineStage stage, long done, long expected, JsonNode latest) {
        if (expected <= 0) {
            return;
        }
        double partial = 0;
        JsonNode entry = latest.path(stage.progressStage());
        if (stage.countsWithinUnit() && entry.path("total").asLong() > 0) {
            partial = entry.path("done").asDouble() / entry.path("total").asDouble();
            if (partial >= 1) {
                partial = 0; // that unit is finished and counted in done
            }
        }
        stages.add(new StageCount(stage, done, expected, partial, entry.isObject()));
    }

    private static String reason(JsonNode failure) {
        String service = failure.path("service").asText("");
        return (service.isEmpty() ? "" : service + ": ") + failure.path("reason").asText(failure.toString());
    }
}
