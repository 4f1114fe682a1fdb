package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A task as a request names it: {@code builtin/sotu}, or {@code glue/rte=/data/rte} (name, then the
 * location of its data). Events and variant names carry only the {@link #name()}; the location stays in
 * the request. In JSON a task spec is its string form.
 *
 * @param name     slash-separated segments, each starting with a letter ({@code builtin/lt-acceptability})
 * @param location where the data is, or {@code null} for built-in tasks
 */
public record TaskSpec(String name, String location) {
    /** Segments start with a letter so that a fraction segment of a variant name is never mistaken for a task. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*(/[A-Za-z][A-Za-z0-9._-]*)*");

    public TaskSpec {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("task name '" + name
                    + "' must be slash-separated segments of letters, digits, '.', '_' or '-', each starting with a letter");
        }
        if (location != null && location.isBlank()) {
            location = null;
        }
    }

    /** Parses {@code name} or {@code name=location}. */
    @JsonCreator
    public static TaskSpec parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("task spec is missing");
        }
        int equals = spec.indexOf('=');
        return equals < 0 ? new TaskSpec(spec.strip(), null)
                : new TaskSpec(spec.substring(0, equals).strip(), spec.substring(equals + 1).strip());
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @JsonValue
    @Override
    public String toString() {
        return location == null ? name : name + "=" + location;
    }
}
