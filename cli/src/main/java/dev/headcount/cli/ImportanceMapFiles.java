package dev.headcount.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.EventJson;
import dev.headcount.events.ImportanceMapFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an importance map file given on the command line: the one format ({@link ImportanceMapFile}, what the
 * {@code importance} command and the scorer service write, so a map from a service run's artifact store,
 * {@code <artifact-root>/<experiment>/<variant>/importance-<task>.json}, works as well as one the command wrote),
 * or, for a transition, the document the {@code importance} command wrote before (an {@code importance} array,
 * mean |dL/dξ|, beside {@code abs_gradient_sum} and {@code importance_normalized}).
 */
final class ImportanceMapFiles {

    /**
     * What {@code finetune --prune-by} ranks heads by (least important first).
     *
     * @param values layers × heads
     * @param field  where they come from in the file, for the log line
     */
    record PruneOrder(double[][] values, String field) {
    }

    /** The primitive fields of {@link ImportanceMapFile}: they cannot be absent. */
    private static final java.util.List<String> REQUIRED_SCALARS =
            java.util.List.of("units", "entropyTokens", "examples", "normalizePerLayer", "normalizeGlobal");

    private ImportanceMapFiles() {
    }

    /**
     * The values to rank by: of an {@link ImportanceMapFile} its {@code normalizedImportance}, exactly as the
     * pruner service ranks (so a command-line prune of a service's map removes the heads the service would); of
     * an older command-line document its {@code importance} field, as {@code --prune-by} always read it.
     */
    static PruneOrder pruneOrder(Path file) throws IOException {
        JsonNode root = tree(file);
        if (isMapFile(root)) {
            return new PruneOrder(read(file, root).normalizedImportance(), "normalizedImportance");
        }
        if (root.has("importance")) {
            return new PruneOrder(matrix(file, root.get("importance"), "importance"), "importance (older format)");
        }
        throw neither(file);
    }

    /** The map in {@code file}, which must be in the one format; an error naming the file and the field if not. */
    static ImportanceMapFile read(Path file) throws IOException {
        JsonNode root = tree(file);
        if (!isMapFile(root)) {
            throw neither(file);
        }
        return read(file, root);
    }

    private static boolean isMapFile(JsonNode root) {
        return root.has("normalizedImportance") || root.has("rawSums");
    }

    private static ImportanceMapFile read(Path file, JsonNode root) throws IOException {
        double[][] normalized = matrix(file, root.get("normalizedImportance"), "normalizedImportance");
        double[][] raw = matrix(file, root.get("rawSums"), "rawSums");
        if (raw.length != normalized.length || raw[0].length != normalized[0].length) {
            throw new IllegalArgumentException(file + ": rawSums is " + raw.length + " × " + raw[0].length
                    + " but normalizedImportance is " + normalized.length + " × " + normalized[0].length);
        }
        // Jackson's message for a missing number of a record ("Cannot map `null` into type long") names no field
        for (String field : REQUIRED_SCALARS) {
            if (!root.hasNonNull(field)) {
                throw new IllegalArgumentException(file + ": importance map without '" + field + "'");
            }
        }
        try {
            // read from the bytes again, not the tree, so that a type error names its line
            return EventJson.mapper().readValue(Files.readAllBytes(file), ImportanceMapFile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a valid importance map (line "
                    + e.getLocation().getLineNr() + "): " + e.getOriginalMessage());
        }
    }

    private static JsonNode tree(Path file) throws IOException {
        JsonNode root;
        try {
            root = EventJson.mapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw neither(file);
        }
        return root;
    }

    private static IllegalArgumentException neither(Path file) {
        return new IllegalArgumentException(file + " is not an importance map: neither the format `importance` and"
                + " the services write (normalizedImportance, rawSums, units, … as in <artifact-root>/<experiment>/"
                + "<variant>/importance-<task>.json) nor the older `importance` output (an 'importance' array"
                + " [layers][heads])");
    }

    /** A non-empty, rectangular matrix of finite numbers, or an error naming the file, field and cell. */
    private static double[][] matrix(Path file, JsonNode node, String field) {
        if (node == null || !node.isArray() || node.isEmpty() || !node.get(0).isArray() || node.get(0).isEmpty()) {
            throw new IllegalArgumentException(file + ": " + field + " is missing or not a non-empty"
                    + " [layers][heads] array");
        }
        int heads = node.get(0).size();
        double[][] out = new double[node.size()][heads];
        for (int l = 0; l < node.size(); l++) {
            JsonNode row = node.get(l);
            if (!row.isArray() || row.size() != heads) {
                throw new IllegalArgumentException(file + ": " + field + "[" + l + "] has " + row.size()
                        + " values, row 0 has " + heads);
            }
            for (int h = 0; h < heads; h++) {
                JsonNode cell = row.get(h);
                if (!cell.isNumber() || !Double.isFinite(cell.asDouble())) {
                    throw new IllegalArgumentException(file + ": " + field + "[" + l + "][" + h
                            + "] is not a finite number: " + cell);
                }
                out[l][h] = cell.asDouble();
            }
        }
        return out;
    }
}
