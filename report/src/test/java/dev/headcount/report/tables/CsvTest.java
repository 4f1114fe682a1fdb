package dev.headcount.report.tables;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {
    @Test
    void quotesOnlyWhatNeedsQuoting() {
        assertEquals("plain", Csv.field("plain"));
        assertEquals("\"a,b\"", Csv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
        assertEquals("\"cr\rlf\"", Csv.field("cr\rlf"));
        assertEquals("", Csv.field(null));
        assertEquals("", Csv.field(""));
        assertEquals("ρ — 90 %", Csv.field("ρ — 90 %"));
    }

    @Test
    void recordsEndWithCrLfAndReadBack() {
        List<List<String>> rows = List.of(Arrays.asList("builtin/spam", "a \"quoted\", multi\r\nline note", null),
                Arrays.asList("x", "", "0.765"));
        String csv = Csv.write(List.of("task", "note", "value"), rows);
        assertEquals("task,note,value\r\nbuiltin/spam,\"a \"\"quoted\"\", multi\r\nline note\",\r\nx,,0.765\r\n", csv);
        List<List<String>> read = parse(csv);
        assertEquals(List.of("task", "note", "value"), read.get(0));
        assertEquals(List.of("builtin/spam", "a \"quoted\", multi\r\nline note", ""), read.get(1));
        assertEquals(List.of("x", "", "0.765"), read.get(2));
    }

    @Test
    void numbersReadBackExactly() {
        double value = 0.9 * (1 - 0.3 * 0.5);
        assertEquals(value, Double.parseDouble(Csv.number(value)));
        assertEquals(1e-300, Double.parseDouble(Csv.number(1e-300)));
        assertEquals(null, Csv.number(null));
        assertEquals(null, Csv.number(Double.NaN));
    }

    /** A straightforward RFC 4180 reader, independent of the writer. */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return records;
    }
}
