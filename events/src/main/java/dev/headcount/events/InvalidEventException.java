package dev.headcount.events;

/**
 * An event that cannot be read or built: names the event type and the offending field, so a dead
 * letter says what to fix. Either may be {@code null} when not known (e.g. the payload is not JSON).
 */
public class InvalidEventException extends RuntimeException {
    private final String eventType;
    private final String field;

    public InvalidEventException(String eventType, String field, String problem) {
        this(eventType, field, problem, null);
    }

    public InvalidEventException(String eventType, String field, String problem, Throwable cause) {
        super(describe(eventType, field, problem), cause);
        this.eventType = eventType;
        this.field = field;
    }

    /** The event type as written in {@code "type"}, or {@code null}. */
    public String eventType() {
        return eventType;
    }

    /** The field path (e.g. {@code request.fineTuning.epochs}), or {@code null}. */
    public String field() {
        return field;
    }

    private static String describe(String eventType, String field, String problem) {
        String where = (eventType == null ? "event" : eventType) + (field == null ? "" : "." + field);
        return where + ": " + problem;
    }
}
