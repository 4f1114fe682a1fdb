package dev.headcount.report.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.EventJson;

import java.util.regex.Pattern;

/** The experiment id of a payload that did not parse as an event, if it names a valid one. */
final class ExperimentIdSniffer {
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ExperimentIdSniffer() {
    }

    static String experimentId(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            JsonNode tree = EventJson.mapper().readTree(payload);
            JsonNode id = tree == null ? null : tree.get("experimentId");
            if (id != null && id.isTextual() && EXPERIMENT_ID.matcher(id.asText()).matches()) {
                return id.asText();
            }
        } catch (Exception e) {
            // not JSON: no experiment to fail
        }
        return null;
    }
}
