package dev.headcount.report;

import dev.headcount.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** The report-service's consumer group ({@code report}, or a replay's own), seen from a test through the broker's admin API. */
final class ReportGroup {
    /** The topics the group reads (application.properties, mp.messaging.incoming.events.topics). */
    static final Set<String> TOPICS = Set.of(Topics.EXPERIMENTS, Topics.MODELS, Topics.HEAD_IMPORTANCE,
            Topics.PRUNING_EVALUATIONS, Topics.PROGRESS);

    private ReportGroup() {
    }

    /**
     * Waits until the group has committed every record of the topics it reads, which is after everything those
     * records made the service publish was acknowledged by the broker (the record path commits only then).
     */
    static void awaitNoLag(String bootstrap, Duration patience) throws InterruptedException {
        awaitNoLag(bootstrap, "report", patience);
    }

    /** As {@link #awaitNoLag(String, Duration)} for another group reading the same topics (a replay's own group). */
    static void awaitNoLag(String bootstrap, String group, Duration patience) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < deadline) {
                if (noLag(admin, group)) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("timed out waiting for: no lag in group " + group);
    }

    private static boolean noLag(Admin admin, String group) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(TOPICS).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
        } catch (Exception e) {
            return false;
        }
    }
}
