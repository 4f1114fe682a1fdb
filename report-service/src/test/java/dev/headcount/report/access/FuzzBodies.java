package dev.headcount.report.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Generated request bodies, by kind of bad input, from a {@link Random} of a fixed seed ({@link SeededTries}, so a
 * failing body is made again from the seed its failure prints). Shared by the class-level fuzz test and the one
 * through HTTP.
 */
final class FuzzBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] FIELDS = {"model", "pretrainingTask", "downstreamTasks", "samples", "importance",
            "pruningFractions", "rankings", "finetuneFractions", "fineTuning", "seed", "experimentId"};
    private static final String[] SPECIAL = {"", " ", "\u0000", "é", "\uD83D\uDE00", "../", "${x}", "%s", "'", "\"",
            "\\", "<script>", "NaN", "-0", "1e999", "\n", "builtin:", "hf:", "file:", "glue/rte=", "builtin/sotu"};

    /** The kinds of bad input, each a row of the README's table. */
    enum Kind {
        NOT_JSON("not JSON (random text, truncated or corrupted valid requests)"),
        NOT_AN_OBJECT("JSON that is not an object"),
        RANDOM_OBJECT("random objects (known and unknown field names, random values)"),
        WRONG_TYPE("a valid request with one field of the wrong type"),
        MISSING_FIELD("a valid request with required fields removed"),
        BAD_FRACTION("fractions outside [0, 1), repeated or null"),
        NESTED_VALUE("a valid request with one nested value replaced at random"),
        BAD_NAME("bad task names, model names and experiment ids"),
        OVER_LIMIT("too many tasks, fractions or random seeds"),
        PATH_OUTSIDE("task and model paths: '..', outside the roots, relative, symlinks out, missing"),
        VALID("valid requests (accepted)");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private final Path dataInside;
    private final Path modelInside;
    private final List<String> badPaths;

    /**
     * @param dataInside  an existing data directory inside the data roots
     * @param modelInside an existing model directory inside the model roots
     * @param badPaths    paths the confinement must refuse
     */
    FuzzBodies(Path dataInside, Path modelInside, List<String> badPaths) {
        this.dataInside = dataInside;
        this.modelInside = modelInside;
        this.badPaths = List.copyOf(badPaths);
    }

    static ObjectNode validRequest(Random random) {
        ObjectNode request = NODES.objectNode();
        request.put("model", random.nextBoolean() ? "builtin:all-MiniLM-L6-v2" : "builtin:bert-base-uncased");
        request.put("pretrainingTask", random.nextBoolean() ? "builtin/sotu" : "builtin/sotu-pairs");
        ArrayNode tasks = request.putArray("downstreamTasks");
        tasks.add("builtin/spam");
        if (random.nextBoolean()) {
            tasks.add("builtin/lt-acceptability");
        }
        if (random.nextBoolean()) {
            ArrayNode fractions = request.putArray("pruningFractions");
            fractions.add(0.0);
            fractions.add(0.25 + random.nextInt(50) / 100.0);
        }
        if (random.nextBoolean()) {
            request.putObject("rankings").put("byTaskImportance", true).put("randomSeeds", random.nextInt(6));
        }
        if (random.nextBoolean()) {
            request.put("seed", random.nextLong());
        }
        return request;
    }

    String body(Kind kind, Random random) {
        return switch (kind) {
            case NOT_JSON -> notJson(random);
            case NOT_AN_OBJECT -> write(switch (random.nextInt(4)) {
                case 0 -> array(random, 2);
                case 1 -> NODES.numberNode(random.nextDouble());
                case 2 -> NODES.textNode(text(random));
                default -> NODES.booleanNode(random.nextBoolean());
            });
            case RANDOM_OBJECT -> write(object(random, 3));
            case WRONG_TYPE -> {
                ObjectNode request = validRequest(random);
                request.set(FIELDS[random.nextInt(FIELDS.length)], wrongType(random));
                yield write(request);
            }
            case MISSING_FIELD -> {
                ObjectNode request = validRequest(random);
                List<String> required = new ArrayList<>(List.of("model", "pretrainingTask", "downstreamTasks"));
                int remove = 1 + random.nextInt(3);
                for (int i = 0; i < remove; i++) {
                    request.remove(required.remove(random.nextInt(required.size())));
                }
                yield write(request);
            }
            case BAD_FRACTION -> {
                ObjectNode request = validRequest(random);
                ArrayNode fractions = request.putArray(random.nextBoolean() ? "pruningFractions" : "finetuneFractions");
                fractions.add(0.5);
                switch (random.nextInt(5)) {
                    case 0 -> fractions.add(1.0 + random.nextDouble() * 10);
                    case 1 -> fractions.add(-random.nextDouble() - Double.MIN_VALUE);
                    case 2 -> fractions.add(0.5);
                    case 3 -> fractions.addNull();
                    default -> fractions.add(1.0);
                }
                yield write(request);
            }
            case NESTED_VALUE -> {
                ObjectNode request = validRequest(random);
                request.putObject("samples").put("scoringExamples", 64).put("trainCap", 100).put("devCap", 50);
                request.putObject("fineTuning").put("epochs", 1).put("learningRate", 2e-5).put("batchSize", 8);
                request.putObject("importance").put("normalizePerLayer", true);
                replaceRandomNode(request, random);
                yield write(request);
            }
            case BAD_NAME -> {
                ObjectNode request = validRequest(random);
                switch (random.nextInt(4)) {
                    case 0 -> request.put("experimentId", text(random) + " /" + text(random));
                    case 1 -> ((ArrayNode) request.get("downstreamTasks")).add(random.nextInt(10) + text(random));
                    case 2 -> request.put("pretrainingTask", "/" + text(random));
                    default -> request.put("model", random.nextBoolean() ? "" : "   ");
                }
                yield write(request);
            }
            case OVER_LIMIT -> {
                ObjectNode request = validRequest(random);
                int n = 33 + random.nextInt(200);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        ArrayNode tasks = request.putArray("downstreamTasks");
                        for (int i = 0; i < 17 + random.nextInt(50); i++) {
                            tasks.add("builtin/task" + i);
                        }
                    }
                    case 1 -> {
                        ArrayNode fractions = request.putArray(random.nextBoolean() ? "pruningFractions"
                                : "finetuneFractions");
                        for (int i = 0; i < n; i++) {
                            fractions.add(i / (double) (n + 1));
                        }
                    }
                    default -> request.putObject("rankings").put("randomSeeds", 21 + random.nextInt(1000));
                }
                yield write(request);
            }
            case PATH_OUTSIDE -> {
                ObjectNode request = validRequest(random);
                String bad = badPaths.get(random.nextInt(badPaths.size()));
                switch (random.nextInt(4)) {
                    case 0 -> request.put("model", bad);
                    case 1 -> ((ArrayNode) request.get("downstreamTasks")).add("glue/rte=" + bad);
                    case 2 -> ((ArrayNode) request.get("downstreamTasks")).add("my/corpus=file:" + bad + "?kind=mlm");
                    default -> ((ArrayNode) request.get("downstreamTasks")).add("my/corpus=file:" + dataInside
                            + "?kind=mlm&dev=" + bad);
                }
                yield write(request);
            }
            case VALID -> {
                ObjectNode request = validRequest(random);
                if (random.nextBoolean()) {
                    request.put("model", modelInside.toString());
                }
                if (random.nextBoolean()) {
                    ((ArrayNode) request.get("downstreamTasks")).add("my/corpus=file:" + dataInside + "?kind=mlm");
                }
                yield write(request);
            }
        };
    }

    private String notJson(Random random) {
        String valid = write(validRequest(random));
        return switch (random.nextInt(4)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> {
                StringBuilder b = new StringBuilder(valid);
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    String junk = "{}[]:,\"\\x'";
                    b.insert(random.nextInt(b.length()), junk.charAt(random.nextInt(junk.length())));
                }
                yield b.toString();
            }
            case 2 -> text(random);
            default -> "{" + text(random) + "}";
        };
    }

    private static JsonNode wrongType(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> array(random, 1);
            case 3 -> object(random, 1);
            case 4 -> NODES.numberNode(random.nextDouble() * 1e300);
            default -> NODES.textNode(text(random));
        };
    }

    /** Replaces one node anywhere in the tree (found by a random walk) with a random value. */
    private static void replaceRandomNode(JsonNode node, Random random) {
        JsonNode current = node;
        while (true) {
            List<Object> keys = new ArrayList<>();
            if (current.isObject()) {
                for (Iterator<String> it = current.fieldNames(); it.hasNext(); ) {
                    keys.add(it.next());
                }
            } else if (current.isArray()) {
                for (int i = 0; i < current.size(); i++) {
                    keys.add(i);
                }
            }
            if (keys.isEmpty()) {
                return;
            }
            Object key = keys.get(random.nextInt(keys.size()));
            JsonNode child = key instanceof String s ? current.get(s) : current.get((Integer) key);
            if (child.isContainerNode() && random.nextBoolean()) {
                current = child;
                continue;
            }
            JsonNode value = random.nextBoolean() ? wrongType(random) : value(random, 1);
            if (current instanceof ObjectNode o) {
                o.set((String) key, value);
            } else {
                ((ArrayNode) current).set((Integer) key, value);
            }
            return;
        }
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        for (int i = 0, n = random.nextInt(8); i < n; i++) {
            String key = random.nextInt(3) > 0 ? FIELDS[random.nextInt(FIELDS.length)] : text(random);
            object.set(key, value(random, depth - 1));
        }
        return object;
    }

    private static ArrayNode array(Random random, int depth) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            array.add(value(random, depth - 1));
        }
        return array;
    }

    private static JsonNode value(Random random, int depth) {
        int choice = random.nextInt(depth > 0 ? 9 : 7);
        return switch (choice) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(2001) - 1000);
            case 3 -> NODES.numberNode(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> NODES.numberNode(random.nextLong());
            case 5, 6 -> NODES.textNode(text(random));
            case 7 -> array(random, depth);
            default -> object(random, depth);
        };
    }

    static String text(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = random.nextInt(12); i < n; i++) {
            b.append(random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : (char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
