package dev.headcount.pipeline;

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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordProcessorTest {

    record Sent(String topic, String key, String payload) {
    }

    final List<Sent> sent = new ArrayList<>();
    final Publisher publisher = new Publisher((topic, key, payload) -> {
        sent.add(new Sent(topic, key, payload));
        return CompletableFuture.completedFuture(null);
    }, Duration.ofSeconds(1));
    final RecordProcessor processor = new RecordProcessor("test-service", publisher, 3, Duration.ZERO);

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
        assertTrue(letter.error().contains("request"), letter.error());
        ExperimentFailed failed = (ExperimentFailed) EventJson.fromJson(sent.get(1).payload());
        assertEquals("ExperimentRequested", failed.failedEventType());
        assertEquals(Topics.EXPERIMENTS, sent.get(1).topic());
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
    void badFilesAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        processor.process(origin(request("exp-6")), e -> {
            calls.incrementAndGet();
            throw new dev.headcount.engine.checkpoint.ModelFormatException("/models/x/model.safetensors: tensor 'w' holds NaN");
        });
        processor.process(origin(request("exp-7")), e -> {
            calls.incrementAndGet();
            throw dev.headcount.engine.data.DataFormatException.at(Path.of("/data/train.tsv"), 3, "expected 2 fields");
        });
        assertEquals(2, calls.get(), "one attempt each");
        assertEquals("/models/x/model.safetensors: tensor 'w' holds NaN",
                EventJson.deadLetterFromJson(sent.get(0).payload()).error());
        assertEquals("/data/train.tsv:3: expected 2 fields", EventJson.deadLetterFromJson(sent.get(2).payload()).error());
    }

    @Test
    void brokerFailuresPropagateSoTheRecordIsNotCommitted() {
        assertThrows(PublishingFailedException.class, () -> processor.process(origin(request("exp-5")), e -> {
            throw new PublishingFailedException("broker gone", null);
        }));
        assertTrue(sent.isEmpty());
    }
}
