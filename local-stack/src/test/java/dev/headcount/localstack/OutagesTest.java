package dev.headcount.localstack;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.headcount.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker and the database stopped and started again in place, as the fault tests use them: while down their
 * port refuses connections, and after the restart the same clients (same bootstrap servers, same connection string)
 * find everything written before, and what they sent meanwhile.
 */
class OutagesTest {

    @Test
    void aStoppedBrokerComesBackOnItsPortWithItsRecords(@TempDir Path directory) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(KafkaSettings.in(directory.resolve("kafka"), 0));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     // the send made during the outage must outlive it rather than fail
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                     new StringSerializer(), new StringSerializer())) {
            String servers = kafka.bootstrapServers();
            producer.send(new ProducerRecord<>(Topics.PROGRESS, "k", "before")).get(60, TimeUnit.SECONDS);

            kafka.stop();
            assertFalse(kafka.running());
            assertFalse(accepts(servers), "nothing listens on " + servers + " while the broker is stopped");
            // send() itself blocks while the producer has no metadata for the topic (max.block.ms): off this thread
            CompletableFuture<Object> meanwhile = CompletableFuture.supplyAsync(() -> {
                try {
                    return producer.send(new ProducerRecord<>(Topics.PROGRESS, "k", "during")).get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2000);
            assertFalse(meanwhile.isDone(), "a record sent to a stopped broker waits for it");
            assertThrows(IllegalStateException.class, kafka::stop, "a stopped broker cannot stop again");

            kafka.restart();
            assertTrue(kafka.running());
            assertEquals(servers, kafka.bootstrapServers());
            meanwhile.get(60, TimeUnit.SECONDS);
            assertEquals(List.of("before", "during"), values(servers, Topics.PROGRESS, 2));
            assertThrows(IllegalStateException.class, kafka::restart, "a running broker cannot restart");
        }
    }

    @Test
    void aStoppedDatabaseComesBackOnItsPortWithItsDocuments(@TempDir Path directory) {
        Path file = directory.resolve("mongo").resolve("headcount.mv.db");
        try (LocalMongo mongo = LocalMongo.onFile(file, 0);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(mongo.connectionString()))
                     .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
                     .build())) {
            MongoCollection<Document> experiments = client.getDatabase("headcount").getCollection("experiments");
            experiments.insertOne(new Document("_id", "exp-1").append("status", "running"));
            int port = mongo.port();

            mongo.stop();
            assertFalse(mongo.running());
            assertFalse(accepts("127.0.0.1:" + port), "nothing listens on port " + port + " while stopped");
            assertThrows(MongoException.class, () -> experiments.find().first(),
                    "a read finds no server while the database is stopped");

            mongo.restart();
            assertEquals(port, mongo.port());
            // the same client: its monitor finds the server again on the same address
            experiments.insertOne(new Document("_id", "exp-2").append("status", "running"));
            List<String> ids = experiments.find().map(d -> d.getString("_id")).into(new ArrayList<>());
            assertEquals(List.of("exp-1", "exp-2"), ids);
        }
    }

    @Test
    void anInMemoryDatabaseRefusesToStop() {
        try (LocalMongo mongo = LocalMongo.inMemory()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, mongo::stop);
            assertTrue(refused.getMessage().contains("in-memory"), refused.getMessage());
            assertTrue(mongo.running());
        }
    }

    private static boolean accepts(String hostPort) {
        String[] parts = hostPort.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 1000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private static List<String> values(String servers, String topic, int expected) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "outages-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    out.add(record.value());
                }
            }
        }
        return out;
    }
}
