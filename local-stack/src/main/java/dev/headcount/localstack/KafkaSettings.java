package dev.headcount.localstack;

import java.nio.file.Path;

/**
 * How to start {@link LocalKafka}.
 *
 * @param directory        log directory (kept across restarts), or {@code null} for a temporary one
 * @param port             client port on 127.0.0.1, 0 for a free one
 * @param controllerPort   controller (KRaft quorum) port on 127.0.0.1, 0 for a free one
 * @param partitions       partitions of each created topic
 * @param autoCreateTopics whether producing to an unknown topic creates it
 */
public record KafkaSettings(Path directory, int port, int controllerPort, int partitions, boolean autoCreateTopics) {
    public static final int DEFAULT_PARTITIONS = 4;

    public KafkaSettings {
        if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
            throw new IllegalArgumentException("ports must be in [0, 65535], 0 meaning a free one");
        }
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("client and controller ports must differ, both were " + port);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
    }

    public static KafkaSettings temporary() {
        return new KafkaSettings(null, 0, 0, DEFAULT_PARTITIONS, false);
    }

    public static KafkaSettings in(Path directory, int port) {
        return new KafkaSettings(directory, port, 0, DEFAULT_PARTITIONS, false);
    }
}
