package dev.headcount.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one GLUE TSV split. Fields are separated by tabs only and quotes are literal characters
 * (Python's QUOTE_NONE, as the GLUE readers use): GLUE sentences contain unbalanced quotes.
 */
public final class GlueTsvReader {
    private final GlueTask task;

    public GlueTsvReader(GlueTask task) {
        this.task = task;
    }

    public List<Example> read(Path file) throws IOException {
        List<String> lines = splitLines(TextDecoder.utf8(Files.readAllBytes(file), file));
        List<Example> examples = new ArrayList<>();
        LabelSet labels = task.labelSet();
        if (task.requiredHeader() == null) {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isEmpty()) continue;
                String[] fields = line.split("\t", -1);
                if (fields.length != GlueTask.COLA_COLUMNS) {
                    throw DataFormatException.at(file, i + 1, "expected 4 tab-separated columns (source, label, original label, sentence), found "
                            + fields.length);
                }
                examples.add(Example.single(fields[GlueTask.COLA_SENTENCE_COLUMN],
                        parseLabel(labels, fields[GlueTask.COLA_LABEL_COLUMN], file, i + 1, "label")));
            }
        } else {
            if (lines.isEmpty()) {
                throw DataFormatException.in(file, "empty file, expected a header line");
            }
            List<String> header = Arrays.asList(TextDecoder.withoutBom(lines.get(0)).split("\t", -1));
            if (!header.containsAll(task.requiredHeader())) {
                throw DataFormatException.at(file, 1, "GLUE " + task.id() + " header must contain columns "
                        + task.requiredHeader() + ", found " + header);
            }
            int a = header.indexOf(task.tsvTextA());
            int b = task.tsvTextB() == null ? -1 : header.indexOf(task.tsvTextB());
            // MNLI's dev files carry five annotator labels before gold_label: the label is the last column
            int label = header.lastIndexOf(task.tsvLabel());
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isEmpty()) continue;
                String[] fields = line.split("\t", -1);
                if (fields.length != header.size()) {
                    throw DataFormatException.at(file, i + 1, "expected " + header.size() + " tab-separated columns as in the header, found "
                            + fields.length);
                }
                examples.add(toExample(fields, a, b, label, labels, file, i + 1));
            }
        }
        if (examples.isEmpty()) {
            throw DataFormatException.in(file, "no examples");
        }
        return examples;
    }

    private Example toExample(String[] fields, int a, int b, int label, LabelSet labels, Path file, int line)
            throws DataFormatException {
        String raw = fields[label];
        if (task.kind() == TaskKind.REGRESSION) {
            double target;
            try {
                target = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                target = Double.NaN;
            }
            // "NaN" and "Infinity" parse, but a non-finite target poisons the loss and the correlations
            if (!Double.isFinite(target)) {
                throw DataFormatException.at(file, line, "column '" + task.tsvLabel() + "' must be a finite number, found '" + raw + "'");
            }
            return Example.regression(fields[a], fields[b], target);
        }
        int index = parseLabel(labels, raw, file, line, task.tsvLabel());
        return b < 0 ? Example.single(fields[a], index) : Example.pair(fields[a], fields[b], index);
    }

    private static int parseLabel(LabelSet labels, String raw, Path file, int line, String column) throws DataFormatException {
        int index = labels.indexOf(raw);
        if (index < 0) {
            throw DataFormatException.at(file, line, "column '" + column + "' must be one of " + labels.describe() + ", found '" + raw + "'");
        }
        return index;
    }

    /** Splits on \n, dropping a \r before it; a TSV field never contains a newline under QUOTE_NONE. */
    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.replaceAll(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        return lines;
    }
}
