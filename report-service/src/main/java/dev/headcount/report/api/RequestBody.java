package dev.headcount.report.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.InvalidEventException;
import dev.headcount.events.ExperimentRequested;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /experiments}: an {@link ExperimentRequest} as JSON, with an optional
 * {@code experimentId}. Reading it collects every problem (not JSON, unknown fields, unreadable values, and
 * everything {@link ExperimentRequest#validate()} finds) instead of stopping at the first.
 *
 * @param experimentId the id the client asked for, or {@code null}
 * @param request      the request, or {@code null} when it could not be read
 * @param problems     empty when the request can run
 */
public record RequestBody(String experimentId, ExperimentRequest request, List<String> problems) {
    static final String EXPERIMENT_ID = "experimentId";
    private static final Set<String> FIELDS = Arrays.stream(ExperimentRequest.class.getRecordComponents())
            .map(component -> component.getName()).collect(Collectors.toUnmodifiableSet());

    public RequestBody {
        problems = List.copyOf(problems);
    }

    public static RequestBody parse(String json) {
        List<String> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = json == null || json.isBlank() ? null : EventJson.mapper().readTree(json);
        } catch (Exception e) {
            return new RequestBody(null, null, List.of("body is not JSON: " + firstLine(e.getMessage())));
        }
        if (tree == null || !tree.isObject()) {
            return new RequestBody(null, null, List.of("body must be a JSON object (an experiment request)"));
        }
        ObjectNode object = ((ObjectNode) tree).deepCopy();
        String experimentId = null;
        JsonNode id = object.remove(EXPERIMENT_ID);
        if (id != null && !id.isNull()) {
            if (!id.isTextual()) {
                problems.add("experimentId must be text");
            } else {
                experimentId = id.asText();
                try {
                    new ExperimentRequested(experimentId, ExperimentRequest.of("m", "t", "d"), Instant.EPOCH);
                } catch (InvalidEventException e) {
                    problems.add("experimentId '" + experimentId + "' must be 1-128 letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit");
                }
            }
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("unknown field '" + name + "'; a request has " + FIELDS.stream().sorted().toList()
                        + " and an optional experimentId");
            }
        }
        // an unreadable field is reported and left out, so the rest is still read and validated
        ExperimentRequest request = null;
        List<String> unreadable = new ArrayList<>();
        for (int tries = 0; request == null && tries <= FIELDS.size(); tries++) {
            try {
                request = EventJson.mapper().treeToValue(object, ExperimentRequest.class);
            } catch (Exception e) {
                problems.add(readable(e));
                String field = topLevelField(e);
                if (field == null || object.remove(field) == null) {
                    break;
                }
                unreadable.add(field);
            }
        }
        if (request != null) {
            for (String problem : request.validate()) {
                if (unreadable.stream().noneMatch(problem::startsWith)) {
                    problems.add(problem);
                }
            }
            if (!unreadable.isEmpty()) {
                request = null;
            }
        }
        return new RequestBody(experimentId, request, problems);
    }

    private static String topLevelField(Exception e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().get(0).getFieldName();
        }
        return null;
    }

    /** A Jackson error as a line naming the field, e.g. {@code downstreamTasks[1]: task name '1x' must …}. */
    private static String readable(Exception e) {
        String field = null;
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            StringBuilder path = new StringBuilder();
            for (var reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            field = path.length() == 0 ? null : path.toString();
        }
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        if (message == null && e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                && mismatch.getTargetType() != null) {
            // Jackson's own text names Java classes and constructors: say what the field must be instead
            message = "must be " + expected(mismatch.getTargetType());
        }
        if (message == null) {
            message = e instanceof com.fasterxml.jackson.core.JsonProcessingException processing
                    ? processing.getOriginalMessage() : e.getMessage();
        }
        return (field == null ? "" : field + ": ") + firstLine(message);
    }

    /** What a JSON value of this Java type looks like, in the words of the API. */
    static String expected(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == dev.headcount.events.TaskSpec.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
