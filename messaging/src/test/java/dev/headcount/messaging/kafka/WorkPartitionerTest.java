package dev.headcount.messaging.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.ModelVariant;
import dev.headcount.events.Topics;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Against a cluster built by hand (work topics with {@link Topics#WORK_PARTITIONS} partitions, the others with 4):
 * work records go round the partitions by ordinal, everything else where Kafka's own partitioner puts it.
 */
class WorkPartitionerTest {
    private static final Node NODE = new Node(1, "127.0.0.1", 9092);
    private static final int OTHER_PARTITIONS = 4;
    private final WorkPartitioner partitioner = new WorkPartitioner();

    private static Cluster cluster() {
        List<PartitionInfo> partitions = new ArrayList<>();
        for (String topic : Topics.all()) {
            int count = Topics.workTopics().contains(topic) ? Topics.WORK_PARTITIONS : OTHER_PARTITIONS;
            for (int p = 0; p < count; p++) {
                partitions.add(new PartitionInfo(topic, p, NODE, new Node[]{NODE}, new Node[]{NODE}));
            }
        }
        return new Cluster("test", List.of(NODE), partitions, Set.of(), Set.of());
    }

    private int partition(Cluster cluster, String topic, String key) {
        byte[] bytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return partitioner.partition(topic, key, bytes, "{}", "{}".getBytes(StandardCharsets.UTF_8), cluster);
    }

    @Test
    void consecutiveUnitsOfOneExperimentGoRoundThePartitions() {
        Cluster cluster = cluster();
        for (String topic : Topics.workTopics()) {
            for (int ordinal = 0; ordinal < 3 * Topics.WORK_PARTITIONS; ordinal++) {
                assertEquals(ordinal % Topics.WORK_PARTITIONS, partition(cluster, topic, "exp-1/unit/" + ordinal),
                        topic + " ordinal " + ordinal);
            }
        }
    }

    @Test
    void aWorkRequestsOwnKeyDecides() {
        Cluster cluster = cluster();
        WorkRequested request = new WorkRequested("exp-1",
                WorkUnit.score(ModelVariant.pretrained(), "builtin/sotu", 0, 4), 13);
        assertEquals(Topics.SCORING_JOBS, request.topic());
        assertEquals(1, partition(cluster, request.topic(), request.key()));
        // the key object need not be the String it was serialized from: the bytes decide then
        byte[] bytes = request.key().getBytes(StandardCharsets.UTF_8);
        assertEquals(1, partitioner.partition(request.topic(), null, bytes, null, null, cluster));
    }

    @Test
    void otherTopicsAndKeysWithoutAnOrdinalAreHashedAsKafkaDoes() {
        Cluster cluster = cluster();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String key = "exp-" + i + "/finetuned/builtin-task";
            for (String topic : Topics.all()) {
                int count = cluster.partitionCountForTopic(topic);
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                assertEquals(BuiltInPartitioner.partitionForKey(bytes, count), partition(cluster, topic, key),
                        topic + " " + key);
            }
            seen.add(partition(cluster, Topics.PROGRESS, key));
        }
        assertEquals(OTHER_PARTITIONS, seen.size(), "200 keys hash onto every partition");
        // an ordinal on a topic that is not a work topic means nothing: hashed like any key
        String workLike = "exp-1/score/5";
        int hashed = BuiltInPartitioner.partitionForKey(workLike.getBytes(StandardCharsets.UTF_8), OTHER_PARTITIONS);
        assertEquals(hashed, partition(cluster, Topics.PROGRESS, workLike));
        // find a work key whose hash differs from its ordinal, so the two rules are told apart
        for (int ordinal = 0; ; ordinal++) {
            String key = "exp-1/score/" + ordinal;
            int hash = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), Topics.WORK_PARTITIONS);
            if (hash != ordinal % Topics.WORK_PARTITIONS) {
                assertNotEquals(hash, partition(cluster, Topics.SCORING_JOBS, key));
                break;
            }
        }
    }

    @Test
    void aRecordWithoutKeyGoesToAnAvailablePartition() {
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < OTHER_PARTITIONS; p++) {
            // only partition 2 has a leader: the others are unavailable
            partitions.add(new PartitionInfo(Topics.PROGRESS, p, p == 2 ? NODE : null, new Node[]{NODE},
                    new Node[]{}));
        }
        Cluster cluster = new Cluster("test", List.of(NODE), partitions, Set.of(), Set.of());
        for (int i = 0; i < 20; i++) {
            assertEquals(2, partition(cluster, Topics.PROGRESS, null));
        }
        Cluster all = cluster();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int p = partition(all, Topics.SCORING_JOBS, null);
            assertTrue(p >= 0 && p < Topics.WORK_PARTITIONS, "partition " + p);
            seen.add(p);
        }
        assertTrue(seen.size() > 1, "keyless records spread: " + seen);
    }
}
