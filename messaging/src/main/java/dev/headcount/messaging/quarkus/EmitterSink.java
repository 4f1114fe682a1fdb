package dev.headcount.messaging.quarkus;

import dev.headcount.events.ProducedTopics;
import dev.headcount.messaging.EventSink;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The Kafka side of {@link EventSink}: one outgoing channel, {@code events-out} (every service configures it with
 * {@code acks=all} and {@code enable.idempotence=true}), whose record metadata names the topic and key of each
 * record; the stage completes when the broker acknowledges it. Only the topics of {@code headcount.kafka.produces}
 * may be named (deploy/ derives the service's Write ACLs from that list).
 */
@ApplicationScoped
public class EmitterSink implements EventSink {
    /** The outgoing channel every service configures ({@code mp.messaging.outgoing.events-out.*}). */
    public static final String CHANNEL = "events-out";

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    Emitter<String> emitter;

    /** headcount.kafka.produces: the only topics this service may name (deploy/ grants Write on exactly these). */
    @ConfigProperty(name = "headcount.kafka.produces")
    String produces;

    @Override
    public CompletionStage<Void> send(String topic, String key, String payload) {
        ProducedTopics.parse(produces).check(topic);
        CompletableFuture<Void> done = new CompletableFuture<>();
        emitter.send(Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build())
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }
}
