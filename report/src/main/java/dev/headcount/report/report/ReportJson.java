package dev.headcount.report.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.headcount.events.EventJson;

import java.io.UncheckedIOException;

/** The JSON form of a report, the same in the artifact store and from the API: indented, ISO-8601 instants. */
public final class ReportJson {
    private ReportJson() {
    }

    public static String write(ExperimentReport report) {
        try {
            return EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
