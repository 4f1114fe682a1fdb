package dev.headcount.pipeline.testing;

import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the services' tests: publish like another service, read a topic from its start. */
public final class KafkaTestClient implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    public void publish(HeadcountEvent event) {
        publish(event.topic(), event.key(), EventJson.toJson(event));
    }

    public void publish(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match (then returns them, in partition
     * order) or {@code timeout} passes (then returns what matched so far).
     */
    public List<ConsumerRecord<String, String>> await(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                      int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (matched.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        matched.add(record);
                    }
                }
            }
        }
        return matched;
    }

    /** Matches records whose JSON has {@code "experimentId":"<id>"} (events and dead letters alike). */
    public static Predicate<ConsumerRecord<String, String>> ofExperiment(String experimentId) {
        return r -> r.value() != null && r.value().contains("\"experimentId\":\"" + experimentId + "\"");
    }

    /** Matches records of one event type. */
    public static Predicate<ConsumerRecord<String, String>> ofType(String type) {
        return r -> r.value() != null && r.value().contains("\"type\":\"" + type + "\"");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
