package dev.headcount.engine.data;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads CSV with a header line (RFC 4180 quoting: fields may hold commas, quotes and newlines), as {@code Dataset.to_csv} writes. */
public final class CsvReader {
    public RowTable read(Path file) throws IOException {
        String text = TextDecoder.withoutBom(TextDecoder.utf8(Files.readAllBytes(file), file));
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> columns = parser.getHeaderNames();
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String> where = new ArrayList<>();
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                // the record begins on the line after the last one the parser consumed
                long line = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) break;
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw DataFormatException.at(file, line, "malformed CSV: " + e.getCause().getMessage());
                }
                if (record.size() != columns.size()) {
                    throw DataFormatException.at(file, line, "expected " + columns.size() + " fields as in the header "
                            + columns + ", found " + record.size());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) row.put(columns.get(i), record.get(i));
                rows.add(row);
                where.add("line " + line);
            }
            return new RowTable(file, columns, rows, where);
        } catch (IllegalArgumentException e) {
            // commons-csv reports a duplicate or empty header name this way
            throw DataFormatException.at(file, 1, "bad CSV header: " + e.getMessage());
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            // the header line itself is malformed (an unclosed quote): commons-csv fails while opening the parser
            throw DataFormatException.at(file, 1, "malformed CSV header: " + e.getMessage());
        }
    }
}
