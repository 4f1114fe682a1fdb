package dev.headcount.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.EventJson;
import dev.headcount.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every event published from its creation on, on every topic an experiment's work travels on (requests, work units,
 * results, progress), read by a plain consumer (no group, nothing committed: the services' groups are untouched) on a
 * thread of its own, so a test can wait for "the 3rd evaluation of experiment x" and act within a poll's time (50 ms)
 * of the broker having it. What a kill point ({@link KillPoint}) watches.
 */
final class ExperimentEvents implements AutoCloseable {

    /** One event: its topic, type ({@code "type"} of its JSON), key, body, and when this consumer saw it. */
    record Seen(String topic, String type, String key, JsonNode body, long seenNanos) {
        /** The body as its event record, e.g. to read a {@code WorkDone}'s unit. */
        <T extends dev.headcount.events.HeadcountEvent> T as(Class<T> type) {
            return EventJson.fromJson(body.toString(), type);
        }

        /**
         * What makes two events the same fact: the unit for a {@code WorkDone} (whose id names the occurrence), the
         * deterministic event id for the others. A restarted service republishes what the dead one may have
         * published; counting identities counts the facts once.
         */
        String identity() {
            return type.equals("WorkDone") ? "WorkDone " + as(dev.headcount.events.WorkDone.class).unit().id()
                    : body.path("eventId").asText(body.toString());
        }

        /** The experiment of the key: its first segment (every key starts with the experiment id). */
        String experimentId() {
            int slash = key.indexOf('/');
            return slash < 0 ? key : key.substring(0, slash);
        }
    }

    private static final List<String> TOPICS = List.of(Topics.EXPERIMENTS, Topics.MODELS, Topics.SCORING_JOBS,
            Topics.PRUNING_JOBS, Topics.FINETUNE_JOBS, Topics.HEAD_IMPORTANCE, Topics.PRUNING_EVALUATIONS,
            Topics.PROGRESS);

    private final KafkaConsumer<String, String> consumer;
    private final List<Seen> seen = new ArrayList<>();
    private final Thread reader;
    private volatile RuntimeException failure;

    private ExperimentEvents(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
        this.reader = new Thread(this::read, "experiment-events");
        this.reader.setDaemon(true);
    }

    /** Starts reading at the current end of every topic: only what is published from now on is seen. */
    static ExperimentEvents fromNow(String bootstrapServers) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // seekToEnd is lazy: fix "now" before anything is submitted
        ExperimentEvents events = new ExperimentEvents(consumer);
        events.reader.start();
        return events;
    }

    private void read() {
        try {
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.key() == null || record.value() == null) {
                        continue; // not an event of an experiment
                    }
                    JsonNode body;
                    try {
                        body = EventJson.mapper().readTree(record.value());
                    } catch (java.io.IOException notJson) {
                        continue; // a test's deliberately bad record: no kill point waits for it
                    }
                    Seen s = new Seen(record.topic(), body.path("type").asText(), record.key(), body,
                            System.nanoTime());
                    synchronized (seen) {
                        seen.add(s);
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll up
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** The events of {@code experimentId} seen so far that match, in the order seen. */
    List<Seen> of(String experimentId, Predicate<Seen> matching) {
        if (failure != null) {
            throw new IllegalStateException("the event reader stopped: " + failure.getMessage(), failure);
        }
        synchronized (seen) {
            return seen.stream().filter(s -> s.experimentId().equals(experimentId)).filter(matching).toList();
        }
    }

    /** The first event of any experiment seen after {@code nanos} ({@link System#nanoTime}) that matches, if any. */
    java.util.Optional<Seen> firstAfter(long nanos, Predicate<Seen> matching) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.seenNanos() - nanos > 0).filter(matching).findFirst();
        }
    }

    /** How many different facts ({@link Seen#identity}) of {@code experimentId} that match were seen so far. */
    int facts(String experimentId, Predicate<Seen> matching) {
        return (int) of(experimentId, matching).stream().map(Seen::identity).distinct().count();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        reader.join(10_000);
    }
}
