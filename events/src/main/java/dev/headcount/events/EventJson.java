package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JSON form of events. Writing: ISO-8601 instants, map keys sorted (stable output). Reading: unknown
 * properties are ignored (an older reader accepts a newer writer's added optional fields), but the type must
 * be known, {@code schemaVersion} must be one this code reads, required fields must be present, and a carried
 * {@code eventId} must match the id recomputed from the fields. Every failure is an
 * {@link InvalidEventException} naming the event type and the field.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
            .build();

    private static final List<String> EVENT_TYPES =
            Arrays.stream(HeadcountEvent.class.getAnnotation(JsonSubTypes.class).value())
                    .map(JsonSubTypes.Type::name).sorted().collect(Collectors.toUnmodifiableList());

    private EventJson() {
    }

    /** The configured mapper, for services that (de)serialise other documents the same way; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(HeadcountEvent event) {
        return write(event);
    }

    public static String toJson(DeadLetter deadLetter) {
        return write(deadLetter);
    }

    /** Indented, for documentation and logs. */
    public static String toPrettyJson(HeadcountEvent event) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HeadcountEvent fromJson(String json) {
        return fromJson(json, HeadcountEvent.class);
    }

    /** Reads an event that must be of the given type (or a subtype). */
    public static <T extends HeadcountEvent> T fromJson(String json, Class<T> expected) {
        JsonNode tree = parse(json, null);
        String type = checkEnvelope(tree);
        HeadcountEvent event;
        try {
            event = MAPPER.treeToValue(tree, HeadcountEvent.class);
        } catch (JsonProcessingException e) {
            throw invalid(type, e);
        } catch (IllegalArgumentException e) {
            throw unwrapped(type, e);
        }
        if (!expected.isInstance(event)) {
            throw new InvalidEventException(type, "type", "expected " + expected.getSimpleName() + ", got " + type);
        }
        JsonNode carriedId = tree.get("eventId");
        if (carriedId != null && !carriedId.isNull() && !carriedId.asText().equals(event.eventId())) {
            throw new InvalidEventException(type, "eventId", "'" + carriedId.asText()
                    + "' does not match the id of the event's identifying fields (" + event.eventId() + ")");
        }
        return expected.cast(event);
    }

    public static DeadLetter deadLetterFromJson(String json) {
        JsonNode tree = parse(json, "DeadLetter");
        try {
            return MAPPER.treeToValue(tree, DeadLetter.class);
        } catch (JsonProcessingException e) {
            throw invalid("DeadLetter", e);
        } catch (IllegalArgumentException e) {
            throw unwrapped("DeadLetter", e);
        }
    }

    /**
     * The newest {@code schemaVersion} of an event type that this code writes and reads (it reads every version
     * from 1 up to it): {@link HeadcountEvent#SCHEMA_VERSION}, except for types whose schema changed since.
     */
    public static int schemaVersion(String type) {
        return type.equals("ImportanceMapCompleted") ? ImportanceMapCompleted.SCHEMA_VERSION
                : HeadcountEvent.SCHEMA_VERSION;
    }

    /** The names {@code "type"} may take, sorted. */
    public static List<String> eventTypes() {
        return EVENT_TYPES;
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json, String type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException(type, null, "empty payload");
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (!tree.isObject()) {
                throw new InvalidEventException(type, null, "expected a JSON object, got " + tree.getNodeType());
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type, null, "not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Type and schema version are checked before binding, so a newer event fails on its version, not a field. */
    private static String checkEnvelope(JsonNode tree) {
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InvalidEventException(null, "type", "is required, one of " + eventTypes());
        }
        String type = typeNode.asText();
        if (!eventTypes().contains(type)) {
            // a type that is no name (blank, spaces, punctuation) would head the message as ".type:" or " .type:",
            // naming nothing (found by EventDecoderFuzzTest): the message then starts "event.type:"
            throw new InvalidEventException(type.matches("[A-Za-z][A-Za-z0-9]*") ? type : null, "type", "unknown event type '" + type + "', expected one of "
                    + eventTypes());
        }
        int reads = schemaVersion(type);
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new InvalidEventException(type, "schemaVersion", "is required (an integer; this code reads "
                    + (reads == 1 ? "1" : "1 to " + reads) + ")");
        }
        int schemaVersion = version.asInt();
        if (schemaVersion > reads) {
            throw new InvalidEventException(type, "schemaVersion", "version " + schemaVersion
                    + " is newer than this code reads (" + reads + "): upgrade the consumer");
        }
        if (schemaVersion < 1) {
            throw new InvalidEventException(type, "schemaVersion", "must be >= 1, was " + schemaVersion);
        }
        if (schemaVersion == 1 && type.equals("ImportanceMapCompleted")) {
            // version 1 carried the matrices and nothing else said the map's shape or let a reader check its file
            JsonNode raw = tree.get("rawSums");
            if (raw == null || raw.isNull()) {
                throw new InvalidEventException(type, "rawSums", "is required in version 1 (layers × heads)");
            }
        }
        return type;
    }

    private static InvalidEventException invalid(String type, JsonProcessingException e) {
        InvalidEventException fromConstructor = find(e);
        if (fromConstructor != null) {
            return fromConstructor;
        }
        String field = null;
        if (e instanceof JsonMappingException) {
            String path = ((JsonMappingException) e).getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining());
            field = path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
        }
        String problem = e instanceof InvalidTypeIdException ? "unknown type" : e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            problem = cause.getMessage();
        }
        return new InvalidEventException(type, field, firstLine(problem), e);
    }

    private static RuntimeException unwrapped(String type, IllegalArgumentException e) {
        InvalidEventException fromConstructor = find(e);
        return fromConstructor != null ? fromConstructor : new InvalidEventException(type, null, e.getMessage(), e);
    }

    private static InvalidEventException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException) {
                return (InvalidEventException) t;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
