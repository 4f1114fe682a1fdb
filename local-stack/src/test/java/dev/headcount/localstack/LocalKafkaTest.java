package dev.headcount.localstack;

import dev.headcount.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalKafkaTest {
    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        long started = System.nanoTime();
        kafka = LocalKafka.start();
        System.out.printf("LocalKafka up in %.2f s at %s%n", (System.nanoTime() - started) / 1e9,
                kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        Path directory = kafka.logDirectory();
        kafka.close();
        assertFalse(Files.exists(directory), "a temporary log directory is deleted");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
    }

    @Test
    void everyTopicExistsWithItsPartitions() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.all()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(Topics.all().size(), topics.size());
            topics.values().forEach(topic -> assertEquals(Topics.workTopics().contains(topic.name())
                    ? Topics.WORK_PARTITIONS : KafkaSettings.DEFAULT_PARTITIONS, topic.partitions().size(), topic.name()));
        }
    }

    @Test
    void topicsWithFewerPartitionsGrowAndNoneShrinks() throws Exception {
        String small = "headcount.test-grow";
        String large = "headcount.test-keep";
        kafka.createTopics(List.of(small), 2);
        kafka.createTopics(List.of(large), 7);
        kafka.growPartitions(List.of(small, large), 5);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(small, large)).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(5, topics.get(small).partitions().size());
            assertEquals(7, topics.get(large).partitions().size());
        }
    }

    @Test
    void eventsRoundTripThroughTheBroker() throws Exception {
        KafkaRoundTrip.eventsSurviveTheBroker(kafka.bootstrapServers(), Topics.EXPERIMENTS);
    }

    @Test
    void aMisspeltTopicIsNotCreatedSilently() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("headcount.experimnets", "k", "v")).get());
        }
    }
}
