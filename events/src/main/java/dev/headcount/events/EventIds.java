package dev.headcount.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID (version 3, {@link UUID#nameUUIDFromBytes}) of the event type
 * and the fields that identify the event — never timestamps or measured values — so a redelivered or
 * recomputed event has the same id and consumers upsert by it.
 */
public final class EventIds {
    private static final String NAMESPACE = "headcount";

    private EventIds() {
    }

    /** The id of an event of this type identified by these fields, in this order. */
    public static String of(String eventType, Object... identifyingFields) {
        // '\n' cannot occur in any identifying field (ids, variant, ranking and task names), so the join is unambiguous
        StringBuilder name = new StringBuilder(NAMESPACE).append('\n').append(eventType);
        for (Object field : identifyingFields) {
            name.append('\n').append(field);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
