package dev.headcount.messaging;

import java.util.concurrent.CompletionStage;

/**
 * Where a service's records go: the service's Kafka channel in production (a SmallRye emitter whose record
 * metadata carries topic and key), a list in unit tests. The stage completes when the broker has the record.
 */
@FunctionalInterface
public interface EventSink {
    CompletionStage<Void> send(String topic, String key, String payload);
}
