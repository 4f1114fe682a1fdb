package dev.headcount.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Picks the reader for a Hugging Face {@code datasets} export by its file extension. */
public final class ExportFileReader {
    public static boolean isExport(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".csv") || name.endsWith(".parquet");
    }

    public RowTable read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        RowTable table;
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            table = new JsonLinesReader().read(file);
        } else if (name.endsWith(".csv")) {
            table = new CsvReader().read(file);
        } else if (name.endsWith(".parquet")) {
            table = new ParquetReader().read(file);
        } else {
            throw DataFormatException.in(file, "unknown file type; expected .jsonl, .json, .csv or .parquet");
        }
        if (table.rows().isEmpty()) {
            throw DataFormatException.in(file, "no rows");
        }
        return table;
    }

    /**
     * The shards of one split ({@code train-00000-of-00002.parquet}, ...) as one table, in the given order;
     * each row says which shard it came from. One file reads as {@link #read(Path)}.
     */
    public RowTable readShards(List<Path> files) throws IOException {
        if (files.size() == 1) {
            return read(files.get(0));
        }
        Path first = files.get(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<String> columns = null;
        for (Path file : files) {
            RowTable table = read(file);
            if (columns == null) {
                columns = table.columns();
            } else if (!columns.equals(table.columns())) {
                throw DataFormatException.in(file, "columns " + table.columns() + " differ from those of " + first.getFileName()
                        + " " + columns + "; the shards of one split must share their columns");
            }
            rows.addAll(table.rows());
            table.where().forEach(w -> where.add(file.getFileName() + " " + w));
        }
        return new RowTable(first.resolveSibling(files.size() + " shards of " + first.getFileName()), columns, rows, where);
    }
}
