package dev.headcount.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A record whose handler fails because a dependency is down is retried for as long as the outage lasts — more times
 * than {@code max-attempts} allows other failures — and is neither dead-lettered nor fails its experiment; the
 * failures of the work itself still count as before.
 */
class OutageRetryTest {

    /** What a detector recognises: stands for the MongoDB driver's "no server" errors. */
    static final class DatabaseDown extends RuntimeException {
        DatabaseDown() {
            super("Timed out while waiting for a server");
        }
    }

    final List<RecordProcessorTest.Sent> sent = new ArrayList<>();
    final List<DeadLetter> counted = new ArrayList<>();
    final Publisher publisher = new Publisher((topic, key, payload) -> {
        sent.add(new RecordProcessorTest.Sent(topic, key, payload));
        return CompletableFuture.completedFuture(null);
    }, Duration.ofSeconds(1));
    final RecordProcessor processor = new RecordProcessor(new RecordSettings("test-service", 3, Duration.ZERO),
            publisher, counted::add, error -> error instanceof DatabaseDown);

    @Test
    void anOutageLongerThanTheAttemptsIsWaitedOutAndNothingIsDeadLettered() {
        AtomicInteger calls = new AtomicInteger();
        processor.process(RecordProcessorTest.origin(RecordProcessorTest.request("exp-down")), e -> {
            if (calls.incrementAndGet() <= 10) {
                // wrapped, as a repository may wrap it: the cause decides
                throw new IllegalStateException("upsert failed", new DatabaseDown());
            }
        });
        assertEquals(11, calls.get(), "ten outage failures (more than the 3 attempts), then the work");
        assertTrue(sent.isEmpty(), "no dead letter, no ExperimentFailed: " + sent);
        assertTrue(counted.isEmpty());
    }

    @Test
    void anOutageIsNoAttemptSoTheWorkKeepsAllItsAttempts() {
        AtomicInteger calls = new AtomicInteger();
        processor.process(RecordProcessorTest.origin(RecordProcessorTest.request("exp-mixed")), e -> {
            int call = calls.incrementAndGet();
            if (call % 2 == 1) {
                throw new DatabaseDown();
            }
            throw new UncheckedIOException(new IOException("disk on fire"));
        });
        // down, fire (1), down, fire (2), down, fire (3): given up after the third counted attempt
        assertEquals(6, calls.get());
        DeadLetter letter = EventJson.deadLetterFromJson(sent.get(0).payload());
        assertEquals(3, letter.attempts());
        assertTrue(letter.error().contains("disk on fire"), letter.error());
    }

    @Test
    void anInterruptedWaitLeavesTheRecordUncommitted() {
        // a service stopping during an outage: the record must be consumed again, not given up
        Thread.currentThread().interrupt();
        try {
            RecordProcessor slow = new RecordProcessor(new RecordSettings("test-service", 3, Duration.ofSeconds(1)),
                    publisher, counted::add, error -> error instanceof DatabaseDown);
            assertThrows(PublishingFailedException.class, () -> slow.process(
                    RecordProcessorTest.origin(RecordProcessorTest.request("exp-stop")), e -> {
                        throw new DatabaseDown();
                    }));
            assertTrue(sent.isEmpty(), sent.toString());
        } finally {
            Thread.interrupted();
        }
    }
}
