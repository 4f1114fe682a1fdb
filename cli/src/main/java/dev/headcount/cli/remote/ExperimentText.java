package dev.headcount.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code headcount status} prints: the list of experiments, or one experiment in detail. */
public final class ExperimentText {

    private ExperimentText() {
    }

    /** {@code GET /experiments} as a table: id, model, status, overall percentage, counts, when requested. */
    public static String list(JsonNode experiments) {
        if (experiments.isEmpty()) {
            return "no experiments yet\n";
        }
        TextTable table = new TextTable(List.of("experiment", "model", "status", "done", "progress", "requested"));
        for (JsonNode experiment : experiments) {
            ExperimentProgress progress = ExperimentProgress.of(experiment);
            List<String> counts = new ArrayList<>();
            JsonNode p = experiment.path("progress");
            for (String[] stage : new String[][] {{"importanceMaps", "maps"}, {"evaluations", "evaluations"},
                    {"fineTunes", "fine-tunes"}, {"prunedModels", "pruned models"}}) {
                JsonNode count = p.path(stage[0]);
                if (count.path("expected").asLong() > 0) {
                    counts.add(stage[1] + " " + count.path("done").asLong() + "/" + count.path("expected").asLong());
                }
            }
            table.row(List.of(progress.experimentId(), progress.model(), progress.status(),
                    String.format(Locale.ROOT, "%.0f %%", progress.percent()), String.join(", ", counts),
                    experiment.path("requestedAt").asText("")));
        }
        return table.render();
    }

    /** {@code GET /experiments/{id}}: tasks, times, a bar per stage, each stage's latest progress, failures. */
    public static String detail(JsonNode experiment, ReportServiceClient client) {
        ExperimentProgress progress = ExperimentProgress.of(experiment);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "experiment %s: %s, %.1f %%%n", progress.experimentId(),
                progress.status(), progress.percent()));
        List<String> downstream = new ArrayList<>();
        experiment.path("downstreamTasks").forEach(t -> downstream.add(t.asText()));
        out.append("model ").append(progress.model()).append("; pre-training ")
                .append(experiment.path("pretrainingTask").asText()).append("; downstream ")
                .append(String.join(", ", downstream)).append('\n');
        for (String when : List.of("requestedAt", "completedAt", "failedAt")) {
            if (experiment.path(when).isTextual()) {
                out.append(when.replace("At", "")).append(' ').append(experiment.path(when).asText()).append('\n');
            }
        }
        out.append('\n');
        for (StageCount count : progress.stages()) {
            out.append(ProgressFrame.stageLine(count, null)).append('\n');
        }
        if (!progress.latestByStage().isEmpty()) {
            out.append("\nlatest progress\n");
            for (Map.Entry<String, String> line : progress.latestByStage().entrySet()) {
                out.append("  ").append(line.getValue()).append('\n');
            }
        }
        if (!progress.failures().isEmpty()) {
            out.append("\nfailures\n");
            progress.failures().forEach(f -> out.append("  ").append(f).append('\n'));
        }
        if (!progress.finished() && !progress.waitingFor().isEmpty()) {
            out.append("\nwaiting for (first ").append(progress.waitingFor().size()).append(")\n");
            progress.waitingFor().forEach(w -> out.append("  ").append(w).append('\n'));
        }
        if (experiment.path("reportUri").isTextual()) {
            out.append("\nreport: ").append(experiment.path("reportUri").asText()).append('\n');
        }
        out.append("dashboard: ").append(client.experimentPage(progress.experimentId())).append('\n');
        return out.toString();
    }
}
