package dev.headcount.localstack;

import dev.headcount.events.Topics;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same round trips against the real servers, where Docker is available (skipped otherwise): what
 * passes on the local stack must pass on Apache Kafka's and MongoDB's own images.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersRoundTripTest {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void eventsRoundTripThroughApacheKafka() throws Exception {
        // the image auto-creates topics; the local stack creates them explicitly
        KafkaRoundTrip.eventsSurviveTheBroker(KAFKA.getBootstrapServers(), Topics.EXPERIMENTS);
    }

    @Test
    void theDriverWorksAgainstMongoDb() {
        MongoChecks.crudUpsertAndUniqueIndex(MONGO.getConnectionString());
    }
}
