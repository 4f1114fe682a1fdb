package dev.headcount.report.api;

import org.bson.Document;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Stored documents as plain JSON-ready maps: {@code _id} dropped, dates as ISO-8601, NaN as null. */
public final class Views {
    private Views() {
    }

    /** What the experiment's document says about it: request, model, tasks, times, failure and report. */
    public static Map<String, Object> experimentFacts(Document doc) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("model", doc.getString("model"));
        facts.put("pretrainingTask", doc.getString("pretrainingTask"));
        facts.put("downstreamTasks", doc.get("downstreamTasks"));
        facts.put("requestedAt", value(doc.get("requestedAt")));
        facts.put("completedAt", value(doc.get("completedAt")));
        facts.put("failedAt", value(doc.get("failedAt")));
        facts.put("failure", value(doc.get("failure")));
        facts.put("failures", value(doc.get("failures")));
        facts.put("reportUri", doc.getString("reportUri"));
        facts.put("request", value(doc.get("request")));
        return facts;
    }

    public static Map<String, Object> of(Document document, Set<String> without) {
        Map<String, Object> view = new LinkedHashMap<>();
        document.forEach((name, value) -> {
            if (!name.equals("_id") && !without.contains(name)) {
                view.put(name, value(value));
            }
        });
        return view;
    }

    public static List<Map<String, Object>> of(List<Document> documents, Set<String> without) {
        List<Map<String, Object>> views = new ArrayList<>(documents.size());
        documents.forEach(document -> views.add(of(document, without)));
        return views;
    }

    public static Object value(Object value) {
        if (value instanceof Document document) {
            Map<String, Object> map = new LinkedHashMap<>();
            document.forEach((name, inner) -> map.put(name, value(inner)));
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(inner -> out.add(value(inner)));
            return out;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            return null;
        }
        return value;
    }
}
