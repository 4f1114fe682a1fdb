package dev.headcount.cli.remote;

import java.util.Locale;

/** The two forms of a report the report-service serves. */
public enum ReportFormat {
    MD("md", "text/markdown"),
    JSON("json", "application/json");

    private final String parameter;
    private final String mediaType;

    ReportFormat(String parameter, String mediaType) {
        this.parameter = parameter;
        this.mediaType = mediaType;
    }

    /** The value of {@code ?format=}. */
    public String parameter() {
        return parameter;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@code md}, {@code markdown} or {@code json}, any case. */
    public static ReportFormat parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "md", "markdown" -> MD;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--format must be md or json, was '" + text + "'");
        };
    }
}
