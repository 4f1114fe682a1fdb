package dev.headcount.messaging.kafka;

import dev.headcount.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;

/**
 * The producer partitioner of every service's {@code events-out} channel
 * ({@code mp.messaging.outgoing.events-out.partitioner.class}).
 *
 * <p>A record of a work topic ({@link Topics#workTopics()}) goes to {@link Topics#workPartition}: its key's ordinal
 * modulo the partitions. An experiment's units are numbered per topic in hand-out order, so consecutive units land
 * on consecutive partitions, and a round-robin assignment of partitions spreads them evenly over the replicas;
 * hashing the key (Kafka's default) would put several long units on one partition, and so one replica, by chance.
 *
 * <p>Everything else (and a work-topic key without an ordinal) goes where Kafka's default partitioner puts a keyed
 * record: murmur2 of the serialized key modulo the partitions, so per-key order and the partition of every other
 * topic stay what they were. A record without a key (none of ours: every event has one) goes to a random available
 * partition, because a configured partitioner cannot hand such a record back to the producer's sticky choice.
 */
public final class WorkPartitioner implements Partitioner {

    private static final List<String> WORK_TOPICS = Topics.workTopics();

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        List<PartitionInfo> partitions = cluster.partitionsForTopic(topic);
        int count = partitions.size();
        if (count == 0) {
            // the producer waits for metadata before partitioning, so a topic it sends to has partitions
            throw new IllegalStateException("no partitions known for topic " + topic);
        }
        if (keyBytes == null) {
            List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
            List<PartitionInfo> from = available.isEmpty() ? partitions : available;
            return from.get(ThreadLocalRandom.current().nextInt(from.size())).partition();
        }
        if (WORK_TOPICS.contains(topic)) {
            String text = key instanceof String s ? s : new String(keyBytes, StandardCharsets.UTF_8);
            OptionalInt partition = Topics.workPartition(text, count);
            if (partition.isPresent()) {
                return partition.getAsInt();
            }
        }
        return defaultPartition(keyBytes, count);
    }

    /** Kafka's built-in choice for a keyed record (the producer's {@code BuiltInPartitioner.partitionForKey}). */
    static int defaultPartition(byte[] keyBytes, int partitions) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure: the work topics and their partitioning are fixed by Topics
    }

    @Override
    public void close() {
        // holds nothing
    }
}
