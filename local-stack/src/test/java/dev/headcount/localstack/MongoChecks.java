package dev.headcount.localstack;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the report-service does with MongoDB, checked with the real driver against any server. */
final class MongoChecks {
    private MongoChecks() {
    }

    static void crudUpsertAndUniqueIndex(String connectionString) {
        try (MongoClient client = MongoClients.create(connectionString)) {
            MongoCollection<Document> evaluations = client.getDatabase("headcount-test")
                    .getCollection("evaluations-" + UUID.randomUUID());

            evaluations.insertOne(new Document("_id", "e1").append("fraction", 0.3).append("accuracy", 0.9));
            assertEquals(0.9, evaluations.find(Filters.eq("_id", "e1")).first().getDouble("accuracy"));
            evaluations.updateOne(Filters.eq("_id", "e1"), Updates.set("accuracy", 0.91));
            assertEquals(0.91, evaluations.find(Filters.eq("_id", "e1")).first().getDouble("accuracy"));

            // idempotent consumers upsert by event id: twice is once
            Document evaluation = new Document("_id", "e2").append("ranking", "random:1").append("fraction", 0.5);
            for (int delivery = 0; delivery < 2; delivery++) {
                evaluations.replaceOne(Filters.eq("_id", "e2"), evaluation, new ReplaceOptions().upsert(true));
            }
            assertEquals(2, evaluations.countDocuments());

            evaluations.createIndex(Indexes.ascending("ranking", "fraction"), new IndexOptions().unique(true));
            MongoWriteException duplicate = assertThrows(MongoWriteException.class, () -> evaluations.insertOne(
                    new Document("_id", "e3").append("ranking", "random:1").append("fraction", 0.5)));
            assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(duplicate.getCode()));

            evaluations.deleteOne(Filters.eq("_id", "e1"));
            assertNull(evaluations.find(Filters.eq("_id", "e1")).first());
            evaluations.drop();
        }
    }
}
