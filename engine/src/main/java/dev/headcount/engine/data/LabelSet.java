package dev.headcount.engine.data;

import java.util.List;

/** Turns a label as written in a file (a class name, or its index) into the class index. */
public record LabelSet(List<String> names) {

    public LabelSet {
        names = List.copyOf(names);
    }

    /** @return the class index, or -1 when the value is neither a known name nor an index in range */
    public int indexOf(Object raw) {
        if (raw instanceof Number number) {
            long value = number.longValue();
            return value >= 0 && value < names.size() && value == number.doubleValue() ? (int) value : -1;
        }
        String text = String.valueOf(raw).trim();
        int byName = names.indexOf(text);
        if (byName >= 0) {
            return byName;
        }
        try {
            int index = Integer.parseInt(text);
            return index >= 0 && index < names.size() ? index : -1;
        } catch (NumberFormatException notAnIndex) {
            return -1;
        }
    }

    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) s.append(", ");
            s.append(i).append('=').append(names.get(i));
        }
        return s.toString();
    }
}
