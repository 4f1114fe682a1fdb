package dev.headcount.scorer;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.Topics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes events on their own topic with their own key ({@link HeadcountEvent#topic()}, {@link HeadcountEvent#key()})
 * through one outgoing channel, {@code events-out}, whose per-record metadata names the topic. Every send is tracked
 * until the broker acknowledges it, so a consumer can publish its results and only then let its input offset be
 * committed.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("events-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    Emitter<String> emitter;

    @ConfigProperty(name = "headcount.publish-timeout", defaultValue = "PT60S")
    Duration timeout;

    /** Sends without waiting; the future completes when the broker has the record. */
    public CompletableFuture<Void> send(HeadcountEvent event) {
        return send(event.topic(), event.key(), EventJson.toJson(event));
    }

    public CompletableFuture<Void> send(DeadLetter deadLetter) {
        return send(Topics.DEAD_LETTER, deadLetter.key(), EventJson.toJson(deadLetter));
    }

    CompletableFuture<Void> send(String topic, String key, String payload) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Message<String> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build())
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return done;
    }

    /** Sends all, in order, and waits until the broker has every one of them. */
    public void publishAll(List<? extends HeadcountEvent> events) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (HeadcountEvent event : events) {
            sent.add(send(event));
        }
        await(sent);
    }

    /** Waits for sends started earlier; fails if one failed or the broker did not answer in time. */
    public void await(List<CompletableFuture<Void>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishingFailedException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new PublishingFailedException("publishing failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishingFailedException("the broker did not acknowledge " + sent.size() + " records within " + timeout, e);
        }
    }
}
