package dev.headcount.metrics.report;

import java.util.List;

/** A GitHub-flavoured Markdown table; cells are text, escaped so that a '|' or a line break cannot break the row. */
public record MarkdownTable(List<String> header, List<List<String>> rows) {

    public MarkdownTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells for "
                        + header.size() + " columns");
            }
        }
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        appendRow(text, header);
        appendRow(text, header.stream().map(column -> "---").toList());
        rows.forEach(row -> appendRow(text, row));
        return text.toString();
    }

    private static void appendRow(StringBuilder text, List<String> cells) {
        text.append('|');
        for (String cell : cells) {
            text.append(' ').append(escape(cell)).append(" |");
        }
        text.append('\n');
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|").replaceAll("\\R", " ");
    }
}
