package dev.headcount.engine.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads JSON Lines (one object per line), as {@code Dataset.to_json} writes by default. */
public final class JsonLinesReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    public RowTable read(Path file) throws IOException {
        String[] lines = TextDecoder.utf8(Files.readAllBytes(file), file).split("\n", -1);
        Set<String> columns = new LinkedHashSet<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 ? TextDecoder.withoutBom(lines[i]).strip() : lines[i].strip();
            if (line.isEmpty()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw DataFormatException.at(file, i + 1, "not valid JSON: " + e.getOriginalMessage());
            }
            if (!node.isObject()) {
                throw DataFormatException.at(file, i + 1, "expected a JSON object per line, found " + node.getNodeType());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                row.put(field.getKey(), plain(field.getValue()));
                columns.add(field.getKey());
            }
            rows.add(row);
            where.add("line " + (i + 1));
        }
        return new RowTable(file, new ArrayList<>(columns), rows, where);
    }

    private static Object plain(JsonNode value) {
        if (value.isNull()) return null;
        if (value.isIntegralNumber()) return value.longValue();
        if (value.isNumber()) return value.doubleValue();
        if (value.isTextual()) return value.textValue();
        return value.toString();
    }
}
