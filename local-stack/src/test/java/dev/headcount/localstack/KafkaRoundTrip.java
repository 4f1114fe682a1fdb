package dev.headcount.localstack;

import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Stage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Produces events with the plain Kafka clients and reads them back: the same check against any broker. */
final class KafkaRoundTrip {
    private KafkaRoundTrip() {
    }

    static void eventsSurviveTheBroker(String bootstrapServers, String topic) throws Exception {
        String experiment = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        List<HeadcountEvent> sent = List.of(
                new ExperimentRequested(experiment, ExperimentRequest.of("builtin:all-MiniLM-L6-v2",
                        "builtin/sotu-pairs", "builtin/spam"), Instant.parse("2025-05-01T09:30:00Z")),
                new Progress(experiment, "finetune-service", Stage.FINETUNE, ModelVariant.finetuned("builtin/spam").name(),
                        1, 3, "epoch 1 of 3"),
                new Progress(experiment, "finetune-service", Stage.FINETUNE, ModelVariant.finetuned("builtin/spam").name(),
                        2, 3, "epoch 2 of 3"));

        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<Integer> partitions = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (HeadcountEvent event : sent) {
                RecordMetadata written = producer.send(
                        new ProducerRecord<>(topic, event.key(), EventJson.toJson(event))).get();
                partitions.add(written.partition());
            }
        }
        assertEquals(1, partitions.stream().distinct().count(), "one experiment's events share a partition");

        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + experiment);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<HeadcountEvent> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    HeadcountEvent event = EventJson.fromJson(record.value());
                    if (event.experimentId().equals(experiment)) {
                        assertEquals(event.key(), record.key());
                        received.add(event);
                    }
                }
            }
            consumer.commitSync();
        }
        assertEquals(sent, received, "same events, in order");
    }
}
