package dev.headcount.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The key results of a report ({@code GET /experiments/{id}/report}, JSON) for the terminal: the findings, then
 * coherence, prunability and fine-tuning as compact tables. The full report (heatmaps, curves, figures) is the
 * Markdown one.
 */
public final class ResultsText {

    private ResultsText() {
    }

    public static String render(JsonNode report) {
        StringBuilder out = new StringBuilder();
        out.append("Experiment ").append(report.path("experimentId").asText()).append(": ")
                .append(report.path("status").asText());
        JsonNode request = report.path("request");
        if (request.isObject()) {
            List<String> downstream = new ArrayList<>();
            request.path("downstreamTasks").forEach(t -> downstream.add(t.asText()));
            out.append(" — ").append(request.path("model").asText()).append(", pre-training ")
                    .append(request.path("pretrainingTask").asText()).append(", downstream ")
                    .append(String.join(", ", downstream));
        }
        out.append('\n');
        if (!report.path("failureReason").isNull() && report.has("failureReason")) {
            out.append("Failed: ").append(report.path("failureReason").asText()).append('\n');
        }
        JsonNode summary = report.path("findings").path("summary");
        if (!summary.isEmpty()) {
            out.append("\nFindings\n");
            // the summary is Markdown: drop the bold markers a terminal would show literally
            summary.forEach(line -> out.append("- ").append(line.asText().replace("**", "")).append('\n'));
        }
        if (!report.path("learning").isEmpty()) {
            section(out, "Did the fine-tuned models learn? (dev metric, 95 % interval, trivial baseline; a full "
                    + "fine-tune that did not is kept out of the findings)", learning(report.path("learning")));
        }
        section(out, "Coherence of head importance (pairs of tasks; Spearman with its 95 % interval and noise "
                        + "ceiling; Jaccard of the top 25 % of heads vs chance)",
                coherence(report.path("coherence").path("pairs")));
        section(out, "Prunability (relative area: mean share of the margin over chance kept across the grid;"
                + " largest fraction keeping >= 90 % of it; 95 % intervals over dev examples)",
                prunability(report.path("prunability")));
        section(out, "Fine-tuning (heads removed by pre-training importance before or after fine-tuning; the "
                        + "advantage of pruning first with its 95 % paired interval)",
                fineTuning(report.path("fineTuning")));
        return out.toString();
    }

    private static void section(StringBuilder out, String title, TextTable table) {
        out.append('\n').append(title).append('\n');
        out.append(table.isEmpty() ? "(no results yet)\n" : table.render());
    }

    static TextTable learning(JsonNode rows) {
        TextTable table = new TextTable(List.of("model", "metric", "dev", "95 % interval", "baseline", "learned"));
        for (JsonNode row : rows) {
            table.row(List.of(row.path("variant").asText(), row.path("metric").asText(), number(row.path("value"), 3),
                    interval(row.path("ciLow"), row.path("ciHigh"), 3), number(row.path("baseline"), 3),
                    row.path("learned").asBoolean() ? "yes" : "NO"));
        }
        return table;
    }

    static TextTable coherence(JsonNode pairs) {
        TextTable table = new TextTable(List.of("first", "second", "spearman", "95 % interval", "ceiling", "kendall",
                "top-25 %", "chance"));
        for (JsonNode pair : pairs) {
            JsonNode topK = topK(pair.path("topK"), 0.25);
            table.row(List.of(pair.path("first").asText(), pair.path("second").asText(),
                    number(pair.path("spearman"), 3), interval(pair.path("spearmanCiLow"), pair.path("spearmanCiHigh"), 3),
                    number(pair.path("ceiling"), 3), number(pair.path("kendallTauB"), 3),
                    number(topK.path("jaccard"), 3), number(topK.path("chanceJaccard"), 3)));
        }
        return table;
    }

    /** "[low, high]" when both ends are numbers, else "--". */
    static String interval(JsonNode low, JsonNode high, int decimals) {
        return low.isNumber() && high.isNumber() ? "[" + number(low, decimals) + ", " + number(high, decimals) + "]"
                : "--";
    }

    private static JsonNode topK(JsonNode rows, double fraction) {
        for (JsonNode row : rows) {
            if (Math.abs(row.path("fraction").asDouble() - fraction) < 1e-9) {
                return row;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static TextTable prunability(JsonNode rows) {
        // each task is evaluated on its own model (pre-training: as given; downstream: fine-tuned on it), so
        // the model column would only repeat the task
        TextTable table = new TextTable(List.of("evaluated on", "pruned by", "metric", "unpruned", "rel. area",
                "95 % interval", "kept up to", "95 % interval"));
        for (JsonNode row : rows) {
            String ranking = row.path("ranking").asText();
            if (ranking.equals("random") && row.path("seeds").asInt() > 1) {
                ranking += " (" + row.path("seeds").asInt() + " seeds)";
            }
            table.row(List.of(row.path("evaluatedTask").asText(), ranking,
                    row.path("metric").asText(), number(row.path("unpruned"), 3), number(row.path("relativeArea"), 3),
                    interval(row.path("relativeAreaCiLow"), row.path("relativeAreaCiHigh"), 3),
                    percent(row.path("largestFractionKept")), row.path("largestFractionKeptCiLow").isNumber()
                            && row.path("largestFractionKeptCiHigh").isNumber()
                            ? "[" + percent(row.path("largestFractionKeptCiLow")) + ", "
                            + percent(row.path("largestFractionKeptCiHigh")) + "]" : "--"));
        }
        return table;
    }

    static TextTable fineTuning(JsonNode rows) {
        TextTable table = new TextTable(List.of("task", "metric", "pruned", "fine-tuned", "FT, pruned by task",
                "FT, pruned by pre-training", "pruned, then FT", "pruning first", "95 % interval", "verdict"));
        for (JsonNode row : rows) {
            table.row(List.of(row.path("task").asText(), row.path("metric").asText(), percent(row.path("fraction")),
                    number(row.path("finetuned"), 3), number(row.path("finetunedThenPrunedByTask"), 3),
                    number(row.path("finetunedThenPrunedByPretraining"), 3),
                    number(row.path("prunedThenFinetuned"), 3), signed(row.path("pruningFirstAdvantage")),
                    row.path("advantageCiLow").isNumber() && row.path("advantageCiHigh").isNumber()
                            ? "[" + signed(row.path("advantageCiLow")) + ", " + signed(row.path("advantageCiHigh")) + "]"
                            : "--",
                    row.path("verdict").isTextual() ? row.path("verdict").asText() : "--"));
        }
        return table;
    }

    static String number(JsonNode value, int decimals) {
        return value.isNumber() ? String.format(Locale.ROOT, "%." + decimals + "f", value.asDouble()) : "--";
    }

    static String signed(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%+.3f", value.asDouble()) : "--";
    }

    static String percent(JsonNode fraction) {
        return fraction.isNumber() ? String.format(Locale.ROOT, "%.0f %%", 100 * fraction.asDouble()) : "--";
    }
}
