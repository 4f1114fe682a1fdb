package dev.headcount.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.Topics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared record path, with the broker faked by a list (what the sink was given, in order). */
class RecordProcessorTest {

    record Sent(String topic, String key, String payload) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<DeadLetter> counted = new ArrayList<>();
    final Publisher publisher = new Publisher((topic, key, payload) -> {
        sent.add(new Sent(topic, key, payload));
        return CompletableFuture.completedFuture(null);
    }, Duration.ofSeconds(1));
    final RecordProcessor processor = new RecordProcessor(new RecordSettings("test-service", 3, Duration.ZERO),
            publisher, counted::add);

    static String request(String id) {
        return EventJson.toJson(new ExperimentRequested(id, ExperimentRequest.of("builtin:all-MiniLM-L6-v2",
                "builtin/sotu-pairs", "builtin/spam"), Instant.parse("2025-01-01T00:00:00Z")));
    }

    static Failures.Origin origin(String payload) {
        return new Failures.Origin(Topics.EXPERIMENTS, 2, 17, "k", payload);
    }

    @Test
    void unreadableRecordsAreDeadLetteredWithoutCallingTheHandler() {
        AtomicInteger calls = new AtomicInteger();
        processor.process(origin("{\"type\":\"ExperimentRequested\",\"experimentId\":\"exp-1\",\"schemaVersion\":1}"),
                e -> calls.incrementAndGet());
        assertEquals(0, calls.get());
        assertEquals(2, sent.size());
        DeadLetter letter = EventJson.deadLetterFromJson(sent.get(0).payload());
        assertEquals(Topics.DEAD_LETTER, sent.get(0).topic());
        assertEquals("k", sent.get(0).key());
        assertEquals(17, letter.offset());
        assertEquals("exp-1", letter.experimentId());
        assertEquals("test-service", letter.service());
        assertTrue(letter.error().contains("request"), letter.error());
        ExperimentFailed failed = (ExperimentFailed) EventJson.fromJson(sent.get(1).payload());
        assertEquals("ExperimentRequested", failed.failedEventType());
        assertEquals(letter.error(), failed.reason());
        assertEquals(Topics.EXPERIMENTS, sent.get(1).topic());
        assertEquals(List.of(letter), counted);
    }

    @Test
    void notJsonAtAllHasNoExperimentSoOnlyADeadLetter() {
        processor.process(origin("%%%"), e -> { });
        assertEquals(1, sent.size());
        assertEquals(null, EventJson.deadLetterFromJson(sent.get(0).payload()).experimentId());
    }

    @Test
    void failuresThatMayPassAreRetriedThenGivenUp() {
        AtomicInteger calls = new AtomicInteger();
        processor.process(origin(request("exp-2")), e -> {
            calls.incrementAndGet();
            throw new IOException("disk on fire");
        });
        assertEquals(3, calls.get());
        DeadLetter letter = EventJson.deadLetterFromJson(sent.get(0).payload());
        assertEquals(3, letter.attempts());
        assertEquals("disk on fire", letter.error());
        assertEquals(2, sent.size(), "a dead letter and ExperimentFailed");
    }

    @Test
    void aSecondAttemptThatWorksPublishesNothingMore() {
        AtomicInteger calls = new AtomicInteger();
        processor.process(origin(request("exp-3")), e -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("once");
            }
        });
        assertEquals(2, calls.get());
        assertTrue(sent.isEmpty());
        assertTrue(counted.isEmpty());
    }

    @Test
    void impossibleWorkIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        processor.process(origin(request("exp-4")), e -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("no such task");
        });
        assertEquals(1, calls.get());
        assertEquals(1, EventJson.deadLetterFromJson(sent.get(0).payload()).attempts());
    }

    @Test
    void nonFiniteNumbersAreNotRetried() {
        // the engine's NonFiniteException is an ArithmeticException: a NaN loss is a NaN on every attempt
        AtomicInteger calls = new AtomicInteger();
        processor.process(origin(request("exp-nan")), e -> {
            calls.incrementAndGet();
            throw new ArithmeticException("loss is NaN at step 3");
        });
        assertEquals(1, calls.get());
        assertEquals("loss is NaN at step 3", EventJson.deadLetterFromJson(sent.get(0).payload()).error());
    }

    @Test
    void brokerFailuresPropagateSoTheRecordIsNotCommitted() {
        assertThrows(PublishingFailedException.class, () -> processor.process(origin(request("exp-5")), e -> {
            throw new PublishingFailedException("broker gone", null);
        }));
        assertTrue(sent.isEmpty());
    }

    @Test
    void aFailedExperimentFailedIsDeadLetteredButNotFailedAgain() {
        String failed = EventJson.toJson(new ExperimentFailed("exp-7", "earlier", "other-service", "ExperimentRequested",
                null, Instant.parse("2025-01-01T00:00:00Z")));
        processor.process(origin(failed), e -> {
            throw new IllegalArgumentException("cannot record it");
        });
        assertEquals(1, sent.size());
        assertEquals("exp-7", EventJson.deadLetterFromJson(sent.get(0).payload()).experimentId());
    }

    @Test
    void pausesDoubleFromTheBackoff() {
        RecordSettings settings = new RecordSettings("s", 5, Duration.ofMillis(250));
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)),
                List.of(settings.pauseAfter(1), settings.pauseAfter(2), settings.pauseAfter(3)));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new RecordSettings("s", 0, Duration.ZERO));
        assertTrue(bad.getMessage().contains("headcount.records.max-attempts"), bad.getMessage());
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeInTimeIsAPublishingFailure() {
        Publisher silent = new Publisher((topic, key, payload) -> new CompletableFuture<>(), Duration.ofMillis(50));
        RecordProcessor stuck = new RecordProcessor(new RecordSettings("s", 1, Duration.ZERO), silent, counted::add);
        PublishingFailedException e = assertThrows(PublishingFailedException.class,
                () -> stuck.process(origin("%%%"), ev -> { }));
        assertTrue(e.getMessage().contains("did not acknowledge"), e.getMessage());
        assertTrue(counted.isEmpty(), "a dead letter the broker never had is not counted");
    }
}
