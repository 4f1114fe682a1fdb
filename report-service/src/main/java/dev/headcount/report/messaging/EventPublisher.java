package dev.headcount.report.messaging;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ProducedTopics;
import dev.headcount.events.Topics;
import dev.headcount.report.ReportConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes events on their own topic with their own key ({@link HeadcountEvent#topic()},
 * {@link HeadcountEvent#key()}) through one Kafka channel, and waits for the broker's acknowledgement, so
 * that the consumed record is acknowledged only after what it produced is sent.
 */
@ApplicationScoped
public class EventPublisher {
    @Inject
    @Channel("publish")
    MutinyEmitter<String> emitter;

    /** headcount.kafka.produces: the only topics this service may name (deploy/ grants Write on exactly these). */
    @Inject
    ReportConfig config;

    public void publish(HeadcountEvent event) {
        send(event.topic(), event.key(), EventJson.toJson(event));
    }

    public void publish(DeadLetter deadLetter) {
        send(Topics.DEAD_LETTER, deadLetter.key(), EventJson.toJson(deadLetter));
    }

    private void send(String topic, String key, String payload) {
        ProducedTopics.parse(config.kafka().produces()).check(topic);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(key).build();
        emitter.sendMessageAndAwait(Message.of(payload).addMetadata(metadata));
    }
}
