package dev.headcount.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Picks the reader for a Hugging Face {@code datasets} export by its file extension. */
public final class ExportFileReader {
    private final TextDecoder decoder;

    public ExportFileReader(TextDecoder decoder) {
        this.decoder = decoder;
    }

    public static boolean isExport(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".csv") || name.endsWith(".parquet");
    }

    public RowTable read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        RowTable table;
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            table = new JsonLinesReader(decoder).read(file);
        } else if (name.endsWith(".csv")) {
            table = new CsvReader(decoder).read(file);
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
}
