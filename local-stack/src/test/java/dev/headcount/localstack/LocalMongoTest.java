package dev.headcount.localstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalMongoTest {

    @Test
    void theDriverDoesCrudUpsertsAndUniqueIndexes() {
        try (LocalMongo mongo = LocalMongo.inMemory()) {
            assertTrue(mongo.connectionString().startsWith("mongodb://127.0.0.1:"), mongo.connectionString());
            MongoChecks.crudUpsertAndUniqueIndex(mongo.connectionString());
        }
    }

    @Test
    void aFileBackedServerKeepsDocumentsAcrossARestart(@TempDir Path directory) {
        Path file = directory.resolve("mongo").resolve("headcount.mv.db");
        int port;
        try (LocalMongo mongo = LocalMongo.onFile(file, 0); MongoClient client = MongoClients.create(mongo.connectionString())) {
            port = mongo.port();
            experiments(client).insertOne(new Document("_id", "exp-1").append("status", "running"));
        }
        try (LocalMongo mongo = LocalMongo.onFile(file, 0); MongoClient client = MongoClients.create(mongo.connectionString())) {
            Document experiment = experiments(client).find(new Document("_id", "exp-1")).first();
            assertEquals("running", experiment == null ? null : experiment.getString("status"),
                    "written before the restart on port " + port);
        }
    }

    private static MongoCollection<Document> experiments(MongoClient client) {
        return client.getDatabase("headcount").getCollection("experiments");
    }
}
