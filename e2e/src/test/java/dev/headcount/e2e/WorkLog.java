package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.EventJson;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every {@link WorkDone} of one experiment, read from {@link Topics#PROGRESS} with a plain consumer (no group: it
 * reads the whole topic from the start): which replica did which unit, and whether it computed it.
 */
record WorkLog(String experimentId, List<WorkDone> done) {

    static WorkLog read(String bootstrapServers, String experimentId) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<WorkDone> done = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PROGRESS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + Topics.PROGRESS + " to its end " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (!experimentId.equals(record.key())) {
                        continue; // another experiment's (every event on this topic is keyed by its experiment)
                    }
                    JsonNode tree = EventJson.mapper().readTree(record.value());
                    if ("WorkDone".equals(tree.path("type").asText())) {
                        done.add(EventJson.fromJson(record.value(), WorkDone.class));
                    }
                }
            }
        }
        return new WorkLog(experimentId, List.copyOf(done));
    }

    /**
     * Every unit of {@code planned} was handled exactly once, and computed (not read back from the store): no
     * redelivery, no duplicate, no unit skipped, nothing that is not in the plan.
     */
    void assertEveryUnitComputedOnce(List<WorkUnit> planned) {
        Map<String, List<WorkDone>> byUnit = new TreeMap<>();
        done.forEach(d -> byUnit.computeIfAbsent(d.unit().id(), id -> new ArrayList<>()).add(d));
        Set<String> plannedIds = planned.stream().map(WorkUnit::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(plannedIds.size(), planned.size(), "the plan names a unit twice");
        assertEquals(plannedIds, byUnit.keySet(), experimentId + ": the units done are not the plan's");
        byUnit.forEach((id, handlings) -> {
            assertEquals(1, handlings.size(), experimentId + ": " + id + " was handled " + handlings.size()
                    + " times: " + handlings);
            assertTrue(!handlings.get(0).reused(), experimentId + ": " + id + " was read back, not computed: "
                    + handlings.get(0));
        });
    }

    /** The replicas ({@code WorkDone.worker}: {@code <service>@<host>:<pid>}) that did units of these kinds. */
    Set<String> workers(Set<WorkUnit.Kind> kinds) {
        return done.stream().filter(d -> kinds.contains(d.unit().kind())).map(WorkDone::worker)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The process id at the end of a worker name. */
    static long pid(String worker) {
        return Long.parseLong(worker.substring(worker.lastIndexOf(':') + 1));
    }
}
