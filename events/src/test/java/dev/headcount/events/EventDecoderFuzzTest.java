package dev.headcount.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Thousands of payloads for the event decoder: random text, random JSON, every example event with one field deleted
 * or replaced (wrong types, nulls, huge and negative numbers, other schema versions, unknown types), and truncations.
 * Each either decodes into an event that writes back to the same event, or is refused with an
 * {@link InvalidEventException} whose message names the event type (or "event") and the problem; never another
 * exception, which a consumer would turn into a bare stack trace instead of a dead letter that says what to fix.
 */
class EventDecoderFuzzTest {
    private static final int TRIES = 2000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> EXAMPLES = EventExamples.all().stream().map(EventJson::toJson).toList();
    private static final Map<String, AtomicInteger> DECODED = new LinkedHashMap<>();
    private static final Map<String, AtomicInteger> REFUSED = new LinkedHashMap<>();

    @AfterContainer
    static void report() {
        // the README's "Bad files and events" table quotes these counts
        for (String kind : DECODED.keySet()) {
            System.out.printf("fuzz events %-22s %5d tried: %5d decoded, %5d refused with InvalidEventException%n", kind,
                    DECODED.get(kind).get() + REFUSED.get(kind).get(), DECODED.get(kind).get(), REFUSED.get(kind).get());
        }
    }

    @Property(tries = TRIES)
    void randomText(@ForAll String payload) {
        check("random text", payload);
    }

    @Property(tries = TRIES)
    void randomJson(@ForAll("json") JsonNode node) {
        check("random JSON", node.toString());
    }

    @Property(tries = TRIES)
    void mutatedEvents(@ForAll @IntRange(min = 0, max = 1000) int example, @ForAll @IntRange(min = 0, max = 100_000) int field,
                       @ForAll("replacements") JsonNode replacement, @ForAll boolean delete) throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(EXAMPLES.get(example % EXAMPLES.size()));
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
        check(delete ? "field deleted" : "field replaced", event.toString());
    }

    @Property(tries = TRIES)
    void truncatedEvents(@ForAll @IntRange(min = 0, max = 1000) int example, @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        String json = EXAMPLES.get(example % EXAMPLES.size());
        check("truncated", json.substring(0, cut % json.length()));
    }

    @Property(tries = TRIES)
    void schemaVersionsAndTypes(@ForAll @IntRange(min = 0, max = 1000) int example, @ForAll("replacements") JsonNode version,
                                @ForAll("types") JsonNode type) throws Exception {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(EXAMPLES.get(example % EXAMPLES.size()));
        event.set("schemaVersion", version);
        if (!type.isNull()) {
            event.set("type", type);
        }
        check("schemaVersion / type", event.toString());
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

    @Provide
    Arbitrary<JsonNode> replacements() {
        return Arbitraries.oneOf(
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(0), NODES.numberNode(-1),
                        NODES.numberNode(1), NODES.numberNode(2), NODES.numberNode(1.5), NODES.numberNode(Long.MAX_VALUE),
                        NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                        NODES.numberNode(Double.NaN), NODES.textNode(""), NODES.textNode(" "), NODES.textNode("x"),
                        NODES.textNode("../../etc"), NODES.textNode("finetuned/"), NODES.textNode("pretrained"),
                        NODES.textNode("2025-13-45T99:00:00Z"), NODES.arrayNode(), NODES.objectNode(),
                        NODES.arrayNode().add(NODES.arrayNode()), NODES.arrayNode().add(NODES.nullNode())),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.strings().ofMaxLength(10).map(NODES::textNode));
    }

    @Provide
    Arbitrary<JsonNode> types() {
        return Arbitraries.oneOf(Arbitraries.of(EventJson.eventTypes()).map(NODES::textNode),
                Arbitraries.of(NODES.nullNode(), NODES.textNode("Nope"), NODES.numberNode(3), NODES.objectNode()));
    }

    /** JSON values nested at most three deep (an unbounded recursion would generate without end). */
    @Provide
    Arbitrary<JsonNode> json() {
        return Arbitraries.recursive(this::replacements, inner -> Arbitraries.oneOf(
                Arbitraries.maps(Arbitraries.of("type", "experimentId", "schemaVersion", "eventId", "request", "task",
                        "variant", "x"), inner).ofMaxSize(4).map(m -> {
                            ObjectNode o = NODES.objectNode();
                            m.forEach(o::set);
                            return (JsonNode) o;
                        }),
                inner.list().ofMaxSize(3).map(l -> {
                    ArrayNode a = NODES.arrayNode();
                    l.forEach(a::add);
                    return (JsonNode) a;
                })), 0, 3);
    }
}
