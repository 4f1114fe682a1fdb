package dev.headcount.cli.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table for the terminal: columns padded to their widest cell, two spaces apart, numeric columns aligned to
 * the right. No borders, so it also reads well in a log.
 */
public final class TextTable {

    private static final Pattern NUMERIC = Pattern.compile("[+-]?[0-9][0-9.,]*( ?%)?|-{1,2}|n/a|");

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public TextTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render() {
        int columns = header.size();
        int[] widths = new int[columns];
        boolean[] right = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = header.get(c).length();
            right[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                right[c] &= NUMERIC.matcher(row.get(c)).matches();
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths, right);
        for (List<String> row : rows) {
            line(out, row, widths, right);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(right[c] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
