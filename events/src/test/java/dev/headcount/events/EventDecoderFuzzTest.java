package dev.headcount.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of payloads for the event decoder: random text, random JSON, every example event with one field deleted
 * or replaced (wrong types, nulls, huge and negative numbers, other schema versions, unknown types), and truncations.
 * Each either decodes into an event that writes back to the same event, or is refused with an
 * {@link InvalidEventException} whose message names the event type (or "event") and the problem; never another
 * exception, which a consumer would turn into a bare stack trace instead of a dead letter that says what to fix.
 * The inputs come from fixed seeds ({@link SeededTries}): a failure prints its seed and payload.
 */
@Tag("fuzz")
class EventDecoderFuzzTest {
    private static final int TRIES = 2000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // with an ImportanceMapCompleted as version 1 wrote it (matrices), which stays readable
    private static final List<String> EXAMPLES = java.util.stream.Stream.concat(
            EventExamples.all().stream().map(EventJson::toJson),
            java.util.stream.Stream.of(EventExamples.importanceMapVersion1())).toList();
    private static final Map<String, AtomicInteger> DECODED = new LinkedHashMap<>();
    private static final Map<String, AtomicInteger> REFUSED = new LinkedHashMap<>();

    @AfterAll
    static void report() {
        // the README's "Bad files and events" table quotes these counts
        for (String kind : DECODED.keySet()) {
            System.out.printf("fuzz events %-22s %5d tried: %5d decoded, %5d refused with InvalidEventException%n", kind,
                    DECODED.get(kind).get() + REFUSED.get(kind).get(), DECODED.get(kind).get(), REFUSED.get(kind).get());
        }
    }

    @Test
    void randomText() {
        SeededTries.run("random text", 0xE1L, TRIES, r -> SeededTries.string(r, 255), p -> p, p -> check("random text", p));
    }

    @Test
    void randomJson() {
        SeededTries.run("random JSON", 0xE2L, TRIES, r -> json(r, 3).toString(), p -> p, p -> check("random JSON", p));
    }

    /** One example event with one field (at any depth) deleted or replaced. */
    record Mutated(String kind, String payload) {
    }

    @Test
    void mutatedEvents() {
        SeededTries.run("mutated events", 0xE3L, TRIES, EventDecoderFuzzTest::mutated, Mutated::payload,
                m -> check(m.kind(), m.payload()));
    }

    private static Mutated mutated(Random random) {
        ObjectNode event = parse(EXAMPLES.get(random.nextInt(EXAMPLES.size())));
        int field = random.nextInt(100_001);
        JsonNode replacement = replacement(random);
        boolean delete = random.nextBoolean();
        List<JsonNode> containers = new ArrayList<>();
        collect(event, containers);
        JsonNode container = containers.get(field % containers.size());
        if (container instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(field % names.size());
            if (delete) {
                object.remove(name);
            } else {
                object.set(name, replacement);
            }
        } else if (container instanceof ArrayNode array && array.size() > 0) {
            if (delete) {
                array.remove(field % array.size());
            } else {
                array.set(field % array.size(), replacement);
            }
        }
        return new Mutated(delete ? "field deleted" : "field replaced", event.toString());
    }

    @Test
    void truncatedEvents() {
        SeededTries.run("truncated events", 0xE4L, TRIES, r -> {
            String json = EXAMPLES.get(r.nextInt(EXAMPLES.size()));
            return json.substring(0, r.nextInt(json.length()));
        }, p -> p, p -> check("truncated", p));
    }

    @Test
    void schemaVersionsAndTypes() {
        SeededTries.run("schema versions and types", 0xE5L, TRIES, r -> {
            ObjectNode event = parse(EXAMPLES.get(r.nextInt(EXAMPLES.size())));
            event.set("schemaVersion", replacement(r));
            JsonNode type = type(r);
            if (!type.isNull()) {
                event.set("type", type);
            }
            return event.toString();
        }, p -> p, p -> check("schemaVersion / type", p));
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("an example event does not parse: " + json, e);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), into);
            }
        }
    }

    private static void check(String kind, String payload) {
        DECODED.computeIfAbsent(kind, k -> new AtomicInteger());
        REFUSED.computeIfAbsent(kind, k -> new AtomicInteger());
        try {
            HeadcountEvent event = EventJson.fromJson(payload);
            assertEquals(event, EventJson.fromJson(EventJson.toJson(event)), "a decoded event writes back to itself");
            DECODED.get(kind).incrementAndGet();
        } catch (InvalidEventException e) {
            String message = e.getMessage();
            assertTrue(message != null && message.matches("(?s)(event|[A-Za-z][A-Za-z0-9]*)(\\.[^:]+)?: \\S.*"),
                    "names the event type and the problem: " + message);
            REFUSED.get(kind).incrementAndGet();
        } catch (Throwable unexpected) {
            fail(kind + " payload threw " + unexpected + ":\n" + payload, unexpected);
        }
    }

    private static final List<JsonNode> ODD_VALUES = List.of(NODES.nullNode(), NODES.booleanNode(true),
            NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(1), NODES.numberNode(2), NODES.numberNode(1.5),
            NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(new BigInteger("123456789012345678901234567890")),
            NODES.numberNode(Double.NaN), NODES.textNode(""), NODES.textNode(" "), NODES.textNode("x"),
            NODES.textNode("../../etc"), NODES.textNode("finetuned/"), NODES.textNode("pretrained"),
            NODES.textNode("2025-13-45T99:00:00Z"), NODES.arrayNode(), NODES.objectNode(),
            NODES.arrayNode().add(NODES.arrayNode()), NODES.arrayNode().add(NODES.nullNode()));
    private static final List<String> KEYS = List.of("type", "experimentId", "schemaVersion", "eventId", "request",
            "task", "variant", "x");

    /** A value to put in place of a field: an odd one, any int, or a short string. */
    private static JsonNode replacement(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> SeededTries.pick(random, ODD_VALUES).deepCopy();
            case 1 -> NODES.numberNode(SeededTries.anyInt(random));
            default -> NODES.textNode(SeededTries.string(random, 10));
        };
    }

    private static JsonNode type(Random random) {
        return random.nextBoolean() ? NODES.textNode(SeededTries.pick(random, List.copyOf(EventJson.eventTypes())))
                : SeededTries.pick(random, List.of(NODES.nullNode(), NODES.textNode("Nope"), NODES.numberNode(3),
                        NODES.objectNode()));
    }

    /** JSON values nested at most {@code depth} deep (an unbounded recursion would generate without end). */
    private static JsonNode json(Random random, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return replacement(random);
        }
        if (random.nextBoolean()) {
            ObjectNode object = NODES.objectNode();
            for (int i = 0, n = random.nextInt(5); i < n; i++) {
                object.set(SeededTries.pick(random, KEYS), json(random, depth - 1));
            }
            return object;
        }
        ArrayNode array = NODES.arrayNode();
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            array.add(json(random, depth - 1));
        }
        return array;
    }
}
