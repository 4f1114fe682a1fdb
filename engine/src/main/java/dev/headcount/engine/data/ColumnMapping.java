package dev.headcount.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which columns of an exported table hold the texts and the label, and how to turn a row into an
 * {@link Example}. Detects the column names of the Hugging Face GLUE configurations.
 */
public record ColumnMapping(String textA, String textB, String label) {
    private static final List<String> SINGLE_TEXT = List.of("sentence", "text", "question");
    private static final List<List<String>> PAIRS = List.of(
            List.of("sentence1", "sentence2"),
            List.of("question1", "question2"),
            List.of("premise", "hypothesis"),
            List.of("question", "sentence"),
            List.of("text1", "text2"),
            List.of("anchor", "positive"));

    /** Finds the columns for the kind among the table's columns, or names the columns found. */
    public static ColumnMapping detect(RowTable table, TaskKind kind) throws DataFormatException {
        List<String> columns = table.columns();
        String label = kind.isClassification() ? "label" : kind == TaskKind.REGRESSION ? firstPresent(columns, List.of("label", "score")) : null;
        if (kind.isClassification() && !columns.contains("label")) {
            throw DataFormatException.in(table.file(), "expected a 'label' column, found columns " + columns);
        }
        if (kind == TaskKind.REGRESSION && label == null) {
            throw DataFormatException.in(table.file(), "expected a 'label' or 'score' column, found columns " + columns);
        }
        if (kind.hasPairs()) {
            for (List<String> pair : PAIRS) {
                if (columns.containsAll(pair)) {
                    return new ColumnMapping(pair.get(0), pair.get(1), label);
                }
            }
            throw DataFormatException.in(table.file(), "expected a pair of text columns, one of " + PAIRS + ", found columns " + columns);
        }
        String text = firstPresent(columns, SINGLE_TEXT);
        if (text == null) {
            throw DataFormatException.in(table.file(), "expected a text column, one of " + SINGLE_TEXT + ", found columns " + columns);
        }
        return new ColumnMapping(text, null, label);
    }

    /** The given columns, which must all be present. */
    public static ColumnMapping require(RowTable table, List<String> textColumns, String label) throws DataFormatException {
        List<String> wanted = new ArrayList<>(textColumns);
        if (label != null) wanted.add(label);
        if (!table.columns().containsAll(wanted)) {
            throw DataFormatException.in(table.file(), "expected columns " + wanted + ", found columns " + table.columns());
        }
        return new ColumnMapping(textColumns.get(0), textColumns.size() > 1 ? textColumns.get(1) : null, label);
    }

    public List<Example> examples(RowTable table, TaskKind kind, LabelSet labels) throws DataFormatException {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < table.rows().size(); i++) {
            Map<String, Object> row = table.rows().get(i);
            String where = table.file() + ": " + table.where().get(i) + ": ";
            String a = text(row, textA, where);
            String b = textB == null ? null : text(row, textB, where);
            examples.add(switch (kind) {
                case SINGLE_SENTENCE_CLASSIFICATION -> Example.single(a, classIndex(row, labels, where));
                case SENTENCE_PAIR_CLASSIFICATION -> Example.pair(a, b, classIndex(row, labels, where));
                case REGRESSION -> Example.regression(a, b, number(row, where));
                case MLM_TEXT -> Example.text(a);
                case CONTRASTIVE_PAIRS -> Example.textPair(a, b);
            });
        }
        return examples;
    }

    private static String text(Map<String, Object> row, String column, String where) throws DataFormatException {
        Object value = row.get(column);
        if (value == null) {
            throw new DataFormatException(where + "field '" + column + "' is missing or null");
        }
        return value.toString();
    }

    private int classIndex(Map<String, Object> row, LabelSet labels, String where) throws DataFormatException {
        Object raw = row.get(label);
        int index = raw == null ? -1 : labels.indexOf(raw);
        if (index < 0) {
            throw new DataFormatException(where + "field '" + label + "' must be one of " + labels.describe() + ", found '" + raw + "'");
        }
        return index;
    }

    private double number(Map<String, Object> row, String where) throws DataFormatException {
        Object raw = row.get(label);
        double value;
        try {
            value = raw instanceof Number number ? number.doubleValue() : Double.parseDouble(String.valueOf(raw));
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        // "NaN" and "Infinity" parse, but a non-finite target poisons the loss and the correlations
        if (!Double.isFinite(value)) {
            throw new DataFormatException(where + "field '" + label + "' must be a finite number, found '" + raw + "'");
        }
        return value;
    }

    private static String firstPresent(List<String> columns, List<String> candidates) {
        return candidates.stream().filter(columns::contains).findFirst().orElse(null);
    }
}
