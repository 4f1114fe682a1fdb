package dev.headcount.report.tables;

import java.util.List;

/**
 * One data file of a report.
 *
 * @param name        file name without {@code .csv}
 * @param description what a row is, for the report's list of data files
 */
public record CsvTable(String name, String description, List<String> header, List<List<String>> rows) {
    public String fileName() {
        return name + ".csv";
    }

    public String csv() {
        return Csv.write(header, rows);
    }
}
