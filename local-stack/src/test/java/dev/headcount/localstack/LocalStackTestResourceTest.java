package dev.headcount.localstack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LocalStackTestResourceTest {

    @Test
    void pointsQuarkusAtTheStackWithoutDevServices() {
        try (LocalStack stack = LocalStack.start(StackSettings.temporary())) {
            Map<String, String> config = LocalStackTestResource.configFor(stack);
            assertEquals(stack.kafkaBootstrapServers(), config.get("kafka.bootstrap.servers"));
            assertEquals(stack.kafkaBootstrapServers(), config.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"));
            assertEquals(stack.mongoConnectionString(), config.get("quarkus.mongodb.connection-string"));
            assertEquals("false", config.get("quarkus.devservices.enabled"));
            assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));
            assertEquals("false", config.get("quarkus.mongodb.devservices.enabled"));
            MongoChecks.crudUpsertAndUniqueIndex(config.get("quarkus.mongodb.connection-string"));
        }
    }

    @Test
    void theSharedStackIsStartedOnce() {
        assertSame(LocalStackTestResource.stack(), LocalStackTestResource.stack());
    }
}
