package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.headcount.events.EventJson;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.localstack.LocalKafka;
import dev.headcount.messaging.kafka.WorkPartitioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The services' Kafka settings for work records, on a real broker without the services: a producer configured with
 * {@link WorkPartitioner} by class name (as {@code events-out} is) and two consumers of one group with the
 * round-robin assignor (as the worker channels are). One experiment's consecutive units must alternate between the two
 * consumers, each getting half, which is what lets two replicas share an experiment's long units evenly.
 */
class WorkSpreadTest {

    @Test
    void consecutiveUnitsAlternateBetweenTwoReplicas() throws Exception {
        int units = 2 * Topics.WORK_PARTITIONS;
        try (LocalKafka kafka = LocalKafka.start()) {
            List<KafkaConsumer<String, String>> replicas = List.of(consumer(kafka), consumer(kafka));
            try {
                replicas.forEach(c -> c.subscribe(List.of(Topics.SCORING_JOBS)));
                awaitAssigned(replicas);
                Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(), ProducerConfig.PARTITIONER_CLASS_CONFIG,
                        WorkPartitioner.class.getName(), ProducerConfig.ACKS_CONFIG, "all");
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig,
                        new StringSerializer(), new StringSerializer())) {
                    for (int ordinal = 0; ordinal < units; ordinal++) {
                        WorkRequested request = new WorkRequested("spread",
                                WorkUnit.score(ModelVariant.pretrained(), "builtin/sotu", ordinal, units), ordinal);
                        int partition = producer.send(new ProducerRecord<>(request.topic(), request.key(),
                                EventJson.toJson(request))).get(30, TimeUnit.SECONDS).partition();
                        assertEquals(ordinal % Topics.WORK_PARTITIONS, partition, request.key());
                    }
                }
                Map<Integer, Integer> replicaOfOrdinal = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (replicaOfOrdinal.size() < units && System.nanoTime() < deadline) {
                    for (int r = 0; r < replicas.size(); r++) {
                        for (ConsumerRecord<String, String> record : replicas.get(r).poll(Duration.ofMillis(200))) {
                            WorkRequested request = EventJson.fromJson(record.value(), WorkRequested.class);
                            assertEquals(null, replicaOfOrdinal.put(request.ordinal(), r), "ordinal "
                                    + request.ordinal() + " delivered twice");
                        }
                    }
                }
                assertEquals(units, replicaOfOrdinal.size(), "units received: " + replicaOfOrdinal);
                for (int ordinal = 0; ordinal + 1 < units; ordinal++) {
                    assertNotEquals(replicaOfOrdinal.get(ordinal), replicaOfOrdinal.get(ordinal + 1),
                            "units " + ordinal + " and " + (ordinal + 1) + " went to one replica: " + replicaOfOrdinal);
                }
                assertEquals(units / 2, replicaOfOrdinal.values().stream().filter(r -> r == 0).count());
            } finally {
                replicas.forEach(KafkaConsumer::close);
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(LocalKafka kafka) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "scorer", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RoundRobinAssignor.class.getName());
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls both (a member that does not poll holds up the group's rebalance) until they share every partition. */
    private static void awaitAssigned(List<KafkaConsumer<String, String>> replicas) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Integer> sizes = new ArrayList<>();
            for (KafkaConsumer<String, String> replica : replicas) {
                replica.poll(Duration.ofMillis(200));
                sizes.add(replica.assignment().size());
            }
            if (sizes.stream().allMatch(s -> s == Topics.WORK_PARTITIONS / replicas.size())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the two consumers never shared the partitions: " + sizes);
            }
        }
    }
}
