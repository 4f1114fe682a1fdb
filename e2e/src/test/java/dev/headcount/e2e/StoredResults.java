package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.headcount.events.ExperimentPlan;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The results the report-service stored in MongoDB for one experiment, compared with another experiment's of the same
 * request: the same importance maps, evaluations, fine-tunes and pruned models, value for value, as many as the plan
 * has and none twice.
 */
final class StoredResults {
    private StoredResults() {
    }

    /** Every result collection of {@code experiment} equals {@code baseline}'s (both of {@code plan}'s request). */
    static void assertSame(MongoDatabase db, String baseline, String experiment, ExperimentPlan plan) {
        assertSame(db, baseline, experiment, "importance", plan.importanceMaps().size(), List.of("variant", "task"),
                List.of("rawSums", "counts", "normalizedImportance", "attentionEntropy"));
        assertSame(db, baseline, experiment, "evaluations", plan.evaluations().size(),
                List.of("baseVariant", "ranking", "evaluatedTask", "fraction"),
                List.of("metrics", "loss", "examples", "headsRemoved"));
        assertSame(db, baseline, experiment, "finetunes", plan.fineTunes().size(), List.of("variant"),
                List.of("devMetrics", "devLoss"));
        assertSame(db, baseline, experiment, "prunedModels", plan.prunedModels().size(), List.of("variant"),
                List.of("prunedHeads"));
    }

    /** {@code collection}'s documents of the two experiments: {@code planned} each, equal key for key. */
    static void assertSame(MongoDatabase db, String baseline, String experiment, String collection, int planned,
                           List<String> key, List<String> values) {
        Map<String, String> expected = results(db, collection, baseline, key, values);
        Map<String, String> actual = results(db, collection, experiment, key, values);
        assertEquals(planned, expected.size(), collection + " of " + baseline + ": " + expected.keySet());
        assertEquals(planned, actual.size(), collection + " of " + experiment + ": " + actual.keySet());
        assertEquals(expected, actual, collection + " of " + experiment + " differ from those of " + baseline);
    }

    /** key fields → value fields (as JSON), for one experiment; a key found twice fails (a duplicate document). */
    private static Map<String, String> results(MongoDatabase db, String collection, String experiment,
                                               List<String> key, List<String> values) {
        Map<String, String> out = new TreeMap<>();
        Set<Object> ids = new HashSet<>();
        for (Document doc : db.getCollection(collection).find(Filters.eq("experimentId", experiment))) {
            assertTrue(ids.add(doc.get("_id")), collection + ": " + doc.get("_id") + " twice");
            Document k = new Document();
            key.forEach(f -> k.append(f, doc.get(f)));
            Document v = new Document();
            values.forEach(f -> v.append(f, doc.get(f)));
            String previous = out.put(k.toJson(), v.toJson());
            assertTrue(previous == null, collection + " of " + experiment + ": two documents for " + k.toJson());
        }
        return out;
    }
}
