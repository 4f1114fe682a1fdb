package dev.headcount.report.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.headcount.events.EventJson;

import java.io.UncheckedIOException;

/**
 * One message of a dashboard event stream: a named Server-Sent Event whose data is one line of JSON, or a
 * keep-alive comment ({@link #KEEP_ALIVE}, no name, no data).
 *
 * @param name the SSE {@code event:} field ({@link #SNAPSHOT}, {@link #PROGRESS}, …)
 * @param data what the {@code data:} field carries, written as JSON
 */
public record StreamMessage(String name, Object data) {
    /** The whole state when a stream opens: a late page starts from it. */
    public static final String SNAPSHOT = "snapshot";
    /** One Progress or FineTuneProgress event, as a progress line. */
    public static final String PROGRESS = "progress";
    /** Done/expected per kind of result, after a result that changed them. */
    public static final String COUNTS = "counts";
    /** A result arrived: the figures drawn from the results may have changed. */
    public static final String RESULT = "result";
    /** The experiment completed or failed. */
    public static final String STATUS = "status";
    /** List stream: something about an experiment changed (its row is worth reading again). */
    public static final String CHANGED = "changed";

    public static final StreamMessage KEEP_ALIVE = new StreamMessage(null, null);

    public boolean keepAlive() {
        return name == null;
    }

    /** The data as compact JSON (one line: an SSE data field must not hold a raw newline). */
    public String json() {
        try {
            return EventJson.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
