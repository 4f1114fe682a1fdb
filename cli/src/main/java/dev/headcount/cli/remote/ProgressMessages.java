package dev.headcount.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One line for a {@code latestProgress} entry of the report-service: a {@code Progress} event's own message, or
 * for a {@code FineTuneProgress} (which carries numbers, not text) the step, epoch, training loss and speed.
 */
public final class ProgressMessages {

    private ProgressMessages() {
    }

    public static String describe(JsonNode entry) {
        String stage = PipelineStage.labelOf(entry.path("stage").asText(""));
        String subject = entry.path("subject").asText(entry.path("variant").asText(""));
        if (entry.path("type").asText().equals("FineTuneProgress")) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s: step %d/%d, epoch %d", stage,
                    subject, entry.path("step").asLong(), entry.path("totalSteps").asLong(),
                    entry.path("epoch").asLong()));
            if (entry.path("loss").isNumber()) {
                line.append(String.format(Locale.ROOT, ", loss %.4f", entry.path("loss").asDouble()));
            }
            if (entry.path("examplesPerSecond").isNumber()) {
                line.append(String.format(Locale.ROOT, ", %.1f ex/s", entry.path("examplesPerSecond").asDouble()));
            }
            return line.toString();
        }
        String message = entry.path("message").asText("");
        if (!message.isBlank()) {
            return stage + ": " + message;
        }
        return String.format(Locale.ROOT, "%s %s: %d/%d", stage, subject, entry.path("done").asLong(),
                entry.path("total").asLong());
    }
}
