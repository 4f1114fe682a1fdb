package dev.headcount.localstack;

import java.nio.file.Path;

/**
 * How to start {@link LocalStack}.
 *
 * @param directory       state directory ({@code kafka/}, {@code mongo/}, {@code artifacts/}, {@code stack.json});
 *                        {@code null} for a temporary one deleted on close, with MongoDB in memory
 * @param kafkaPort       0 for a free port
 * @param mongoPort       0 for a free port
 * @param partitions      partitions of each topic
 */
public record StackSettings(Path directory, int kafkaPort, int mongoPort, int partitions) {
    /** The ports the command line uses by default: Kafka's and MongoDB's usual ones. */
    public static final int USUAL_KAFKA_PORT = 9092;
    public static final int USUAL_MONGO_PORT = 27017;

    public StackSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
    }

    /** Temporary, on free ports: for tests. */
    public static StackSettings temporary() {
        return new StackSettings(null, 0, 0, KafkaSettings.DEFAULT_PARTITIONS);
    }

    /** Kept in {@code directory} (data survives a restart). */
    public static StackSettings in(Path directory, int kafkaPort, int mongoPort) {
        return new StackSettings(directory, kafkaPort, mongoPort, KafkaSettings.DEFAULT_PARTITIONS);
    }
}
