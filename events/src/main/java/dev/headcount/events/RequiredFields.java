package dev.headcount.events;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks the events' constructors run, so a record that exists is a record that is complete. */
final class RequiredFields {
    /** Experiment ids become partition keys and directory names: keep them plain. */
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RequiredFields() {
    }

    static <T> T present(String type, String field, T value) {
        if (value == null) {
            throw new InvalidEventException(type, field, "is required");
        }
        return value;
    }

    static String text(String type, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(type, field, "is required (non-blank text)");
        }
        return value;
    }

    static String experimentId(String type, String value) {
        text(type, "experimentId", value);
        if (!EXPERIMENT_ID.matcher(value).matches()) {
            throw new InvalidEventException(type, "experimentId",
                    "'" + value + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    static boolean isExperimentId(String value) {
        return value != null && EXPERIMENT_ID.matcher(value).matches();
    }

    static int nonNegative(String type, String field, int value) {
        if (value < 0) {
            throw new InvalidEventException(type, field, "must be >= 0, was " + value);
        }
        return value;
    }

    static long nonNegative(String type, String field, long value) {
        if (value < 0) {
            throw new InvalidEventException(type, field, "must be >= 0, was " + value);
        }
        return value;
    }

    static double fraction(String type, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidEventException(type, field, "must be a fraction in [0, 1], was " + value);
        }
        return value;
    }

    /** An immutable copy; {@code null} becomes empty (optional collections). */
    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    /** A layers × heads matrix: present, rectangular, no missing cells; returned as an immutable copy. */
    static <T> List<List<T>> matrix(String type, String field, List<List<T>> rows) {
        present(type, field, rows);
        if (rows.isEmpty()) {
            throw new InvalidEventException(type, field, "must have at least one layer");
        }
        List<List<T>> copy = new java.util.ArrayList<>();
        for (int layer = 0; layer < rows.size(); layer++) {
            List<T> row = rows.get(layer);
            if (row == null || row.size() != rows.get(0).size() || row.stream().anyMatch(java.util.Objects::isNull)) {
                throw new InvalidEventException(type, field + "[" + layer + "]",
                        "every layer needs a value for each of the " + rows.get(0).size() + " heads");
            }
            copy.add(List.copyOf(row));
        }
        return List.copyOf(copy);
    }

    /** Matrices of one map must have the same shape. */
    static void sameShape(String type, String field, List<? extends List<?>> matrix, List<? extends List<?>> reference) {
        if (matrix.size() != reference.size() || matrix.get(0).size() != reference.get(0).size()) {
            throw new InvalidEventException(type, field, "must be " + reference.size() + " × " + reference.get(0).size()
                    + " like rawSums, was " + matrix.size() + " × " + matrix.get(0).size());
        }
    }
}
