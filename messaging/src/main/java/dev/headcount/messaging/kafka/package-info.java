/**
 * Plain Kafka client pieces that the services configure by class name: {@link
 * dev.headcount.messaging.kafka.WorkPartitioner}, the producer partitioner of the outgoing channel
 * {@code events-out}. Compiled against kafka-clients as an optional dependency, which every service brings with
 * its Kafka connector; the command line never loads it.
 */
package dev.headcount.messaging.kafka;
