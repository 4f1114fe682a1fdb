package dev.headcount.report.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import java.io.IOException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * Which MongoDB failures the report-service waits out (the database is unreachable) and which count as failed
 * attempts (the database answered, with an error).
 */
class MongoOutagesTest {
    private final MongoOutages outages = new MongoOutages();
    private final ServerAddress server = new ServerAddress("127.0.0.1", 27017);

    @Test
    void noServerOrAClosedSocketIsAnOutage() {
        assertTrue(outages.causedByOutage(new MongoTimeoutException(
                "Timed out while waiting for a server that matches WritableServerSelector")));
        assertTrue(outages.causedByOutage(new MongoSocketOpenException("Exception opening socket", server,
                new IOException("Connection refused"))));
        // wrapped by the code that called the driver: the cause decides
        assertTrue(outages.causedByOutage(new IllegalStateException("storing the map failed",
                new MongoTimeoutException("no server"))));
    }

    @Test
    void anErrorTheDatabaseAnsweredWithIsNoOutage() {
        MongoWriteException duplicate = new MongoWriteException(
                new WriteError(11000, "E11000 duplicate key error", new BsonDocument()), server);
        assertFalse(outages.causedByOutage(duplicate));
        assertFalse(outages.causedByOutage(new IOException("disk full")));
    }
}
