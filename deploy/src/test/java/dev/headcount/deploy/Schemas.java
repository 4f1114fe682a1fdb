package dev.headcount.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The schemas of the pinned Kubernetes, Strimzi and KEDA releases (vendored by {@code deploy/schemas/vendor.py}:
 * Kubernetes' OpenAPI definitions, the operators' CRD {@code openAPIV3Schema}s), and a validator of the
 * structural subset the API server applies: types, required fields, enums, patterns, minimums, closed objects
 * (a field the schema does not name is an error: the server would reject it, or prune it from a custom
 * resource without a word), {@code x-kubernetes-int-or-string}, {@code x-kubernetes-preserve-unknown-fields},
 * {@code oneOf}/{@code anyOf}. CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
final class Schemas {
    /** Quantities and int-or-strings are strings in the OpenAPI definitions; the server also takes numbers. */
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    private static final Schemas INSTANCE = new Schemas();

    private final JsonNode kubernetes;
    private final JsonNode crds;

    private Schemas() {
        kubernetes = load("schemas/kubernetes.json");
        crds = load("schemas/crds.json");
    }

    static Schemas get() {
        return INSTANCE;
    }

    private static JsonNode load(String resource) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("test resource " + resource + " is missing (deploy/schemas/vendor.py writes it)");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Every violation of {@code object} against the schema of its apiVersion and kind, as "path: problem". */
    List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        List<String> errors = new ArrayList<>();
        JsonNode schema = kubernetes.path("kinds").path(apiVersion + "/" + kind);
        JsonNode crd = crds.path("kinds").path(apiVersion + "/" + kind);
        if (!schema.isMissingNode()) {
            check(object, schema, "", errors, true);
        } else if (!crd.isMissingNode()) {
            // the API server owns these for every custom resource; the CRD schema leaves them out
            check(object, crd, "", errors, true, "apiVersion", "kind", "metadata");
            check(object.path("metadata"), kubernetes.path("definitions")
                    .path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), "metadata", errors, true);
        } else {
            errors.add(apiVersion + " " + kind + " is served by none of the pinned releases (schemas: "
                    + names(kubernetes.path("kinds")) + ", " + names(crds.path("kinds")) + ")");
        }
        return errors;
    }

    private void check(JsonNode value, JsonNode schema, String path, List<String> errors, boolean structural,
                       String... implicit) {
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().substring("#/definitions/".length());
            if ((name.equals(QUANTITY) || name.equals(INT_OR_STRING)) && (value.isTextual() || value.isNumber())) return;
            check(value, kubernetes.path("definitions").path(name), path, errors, structural, implicit);
            return;
        }
        if (value.isNull()) return;   // an explicit null is the same as leaving the field out
        if (schema.path("x-kubernetes-int-or-string").asBoolean() || "int-or-string".equals(schema.path("format").asText())) {
            if (!(value.isTextual() || value.isIntegralNumber())) errors.add(at(path) + "expected an integer or a string, found " + value);
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            errors.add(at(path) + "expected " + type + ", found " + describe(value));
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode e : schema.path("enum")) listed |= e.asText().equals(value.asText());
            if (!listed) errors.add(at(path) + "'" + value.asText() + "' is not one of " + schema.path("enum"));
        }
        if (schema.has("pattern") && value.isTextual() && !value.asText().matches(".*(" + schema.path("pattern").asText() + ").*")) {
            errors.add(at(path) + "'" + value.asText() + "' does not match " + schema.path("pattern").asText());
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.path("minimum").asDouble()) {
            errors.add(at(path) + value + " is below the minimum " + schema.path("minimum"));
        }
        if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.path("maximum").asDouble()) {
            errors.add(at(path) + value + " is above the maximum " + schema.path("maximum"));
        }
        if (schema.has("minLength") && value.isTextual() && value.asText().length() < schema.path("minLength").asInt()) {
            errors.add(at(path) + "shorter than " + schema.path("minLength") + " characters");
        }
        if (schema.has("minItems") && value.isArray() && value.size() < schema.path("minItems").asInt()) {
            errors.add(at(path) + "fewer than " + schema.path("minItems") + " items");
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) errors.add(at(path) + "required field '" + required.asText() + "' is missing");
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()
                    || (properties.isMissingNode() && additional.isMissingNode());
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (List.of(implicit).contains(field.getKey())) continue;
                if (properties.has(field.getKey())) {
                    check(field.getValue(), properties.path(field.getKey()), child, errors, structural);
                } else if (additional.isObject()) {
                    check(field.getValue(), additional, child, errors, structural);
                } else if (structural && !open && !additional.asBoolean(false)) {
                    errors.add(at(child) + "unknown field (known: " + names(properties) + ")");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) check(value.get(i), schema.path("items"), path + "[" + i + "]", errors, structural);
        }
        // oneOf/anyOf branches only add constraints (required fields, types) to what the structural schema says
        if (schema.has("oneOf") || schema.has("anyOf")) {
            boolean one = schema.has("oneOf");
            int matching = 0;
            List<String> why = new ArrayList<>();
            for (JsonNode branch : schema.path(one ? "oneOf" : "anyOf")) {
                List<String> branchErrors = new ArrayList<>();
                check(value, branch, path, branchErrors, false);
                if (branchErrors.isEmpty()) matching++;
                else why.addAll(branchErrors);
            }
            if (one ? matching != 1 : matching == 0) {
                errors.add(at(path) + "matches " + matching + " of the alternatives " + (one ? "(exactly one needed)" : "") + ": " + why);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase() + (value.isValueNode() ? " " + value : "");
    }

    private static String at(String path) {
        return (path.isEmpty() ? "(root)" : path) + ": ";
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
