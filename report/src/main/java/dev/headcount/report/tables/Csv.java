package dev.headcount.report.tables;

import java.util.List;

/**
 * RFC 4180 CSV: records end with CRLF; a field holding a comma, a double quote, CR or LF is enclosed in
 * double quotes, with its double quotes doubled. {@code null} is an empty field.
 */
public final class Csv {
    private Csv() {
    }

    public static String write(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        record(out, header);
        rows.forEach(row -> record(out, row));
        return out.toString();
    }

    private static void record(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * A number exactly as the report holds it ({@link Double#toString}: reads back to the same double);
     * empty for {@code null} or non-finite.
     */
    public static String number(Double value) {
        return value == null || !Double.isFinite(value) ? null : Double.toString(value);
    }
}
