package dev.headcount.engine.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Rows read from a JSON Lines, CSV or Parquet file; {@code where} says, per row, where it came from
 * ("line 7", "row 12") so errors can point at it.
 */
public record RowTable(Path file, List<String> columns, List<Map<String, Object>> rows, List<String> where) {

    public RowTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        where = List.copyOf(where);
    }
}
