package dev.headcount.messaging;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one publisher of every service: events on their own topic with their own key ({@link HeadcountEvent#topic()},
 * {@link HeadcountEvent#key()}) and dead letters on {@link Topics#DEAD_LETTER}, tracking every send until the broker
 * acknowledges it (the services' producers run with {@code acks=all} and idempotence), so that a consumer publishes
 * its results and only then lets its input offset be committed. Waiting longer than the timeout
 * ({@code headcount.records.publish-timeout}) is a {@link PublishingFailedException}.
 */
public final class Publisher {
    private final EventSink sink;
    private final Duration timeout;

    public Publisher(EventSink sink, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("headcount.records.publish-timeout must be a positive duration, was "
                    + timeout);
        }
        this.sink = sink;
        this.timeout = timeout;
    }

    /** Sends without waiting; the future completes when the broker has the record. */
    public CompletableFuture<Void> send(HeadcountEvent event) {
        return sink.send(event.topic(), event.key(), EventJson.toJson(event)).toCompletableFuture();
    }

    public CompletableFuture<Void> send(DeadLetter deadLetter) {
        return sink.send(Topics.DEAD_LETTER, deadLetter.key(), EventJson.toJson(deadLetter)).toCompletableFuture();
    }

    /** Sends one and waits until the broker has it. */
    public void publish(HeadcountEvent event) {
        await(List.of(send(event)));
    }

    /** Sends all, in order, and waits until the broker has every one of them. */
    public void publishAll(List<? extends HeadcountEvent> events) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (HeadcountEvent event : events) {
            sent.add(send(event));
        }
        await(sent);
    }

    /** Waits for sends started earlier. */
    public void await(List<CompletableFuture<Void>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishingFailedException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new PublishingFailedException("publishing failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishingFailedException("the broker did not acknowledge " + sent.size() + " records within "
                    + timeout, e);
        }
    }
}
