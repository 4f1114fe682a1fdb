package dev.headcount.finetune;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ProducedTopics;
import dev.headcount.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes events as JSON strings on {@code event.topic()} with key {@code event.key()}, and dead letters on
 * {@link Topics#DEAD_LETTER} with the original key. Every send is collected in a {@link Sends} so that the
 * consumer acks its record only once all of them are acknowledged by the broker.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("events")
    MutinyEmitter<String> events;

    /** headcount.kafka.produces: the only topics this service may name (deploy/ grants Write on exactly these). */
    @ConfigProperty(name = "headcount.kafka.produces")
    String produces;

    /** The sends made for one consumed record. */
    public final class Sends {
        private final List<CompletableFuture<Void>> pending = new ArrayList<>();

        public void publish(HeadcountEvent event) {
            pending.add(send(event.topic(), event.key(), EventJson.toJson(event)));
        }

        public void deadLetter(DeadLetter deadLetter) {
            pending.add(send(Topics.DEAD_LETTER, deadLetter.key(), EventJson.toJson(deadLetter)));
        }

        /** Waits until the broker has every record sent so far; throws if one could not be sent. */
        public void await() {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            pending.clear();
        }
    }

    public Sends sends() {
        return new Sends();
    }

    private CompletableFuture<Void> send(String topic, String key, String json) {
        ProducedTopics.parse(produces).check(topic);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(key).build();
        CompletionStage<Void> sent = events.sendMessage(Message.of(json, Metadata.of(metadata)))
                .subscribeAsCompletionStage();
        return sent.toCompletableFuture();
    }
}
