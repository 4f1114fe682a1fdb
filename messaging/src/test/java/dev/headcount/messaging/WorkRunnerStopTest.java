package dev.headcount.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.events.EventJson;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkRunner#stop}: the unit in progress finishes within the deadline (its WorkDone published, the record
 * settled normally) or is handed back (no WorkDone, no retry, no dead letter, the record never settled); records that
 * arrive after the stop are not started. The broker is a list; each record runs on a thread of its own, as the
 * consumer's worker thread would.
 */
class WorkRunnerStopTest {

    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    final List<String> heard = Collections.synchronizedList(new ArrayList<>());
    final Publisher publisher = new Publisher((topic, key, payload) -> {
        sent.add(topic + " " + EventJson.mapper().valueToTree(payloadTree(payload)).path("type").asText());
        return CompletableFuture.completedFuture(null);
    }, Duration.ofSeconds(1));
    final WorkRunner runner = new WorkRunner(new RecordProcessor(new RecordSettings("scorer-service", 3, Duration.ZERO),
            publisher, letter -> { }), publisher, Set.of(WorkUnit.Kind.SCORE), new WorkRunner.UnitListener() {
                @Override
                public void started(WorkRequested request) {
                    heard.add("started " + request.unit().id());
                }

                @Override
                public void ended(WorkRequested request) {
                    heard.add("ended " + request.unit().id());
                }
            });
    final List<Thread> threads = new ArrayList<>();

    private static Object payloadTree(String payload) {
        try {
            return EventJson.mapper().readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(payload, e);
        }
    }

    static WorkRequested unit(int shard) {
        return new WorkRequested("exp-stop", WorkUnit.score(ModelVariant.pretrained(), "builtin/sotu-pairs", shard, 4),
                shard);
    }

    /** Runs the record of {@code request} on a thread of its own; the outcome: null (settled normally) or the failure. */
    private Thread consume(WorkRequested request, WorkRunner.UnitWork work, AtomicReference<Throwable> outcome) {
        Thread t = new Thread(() -> {
            try {
                runner.process(new Failures.Origin(request.topic(), request.ordinal(), 40 + request.ordinal(),
                        request.key(), EventJson.toJson(request)), work);
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "consumer-" + request.ordinal());
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    @AfterEach
    void release() {
        threads.forEach(Thread::interrupt);
    }

    @Test
    void aUnitThatEndsWithinTheDeadlineFinishesAndPublishesItsWorkDone() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread consumer = consume(unit(0), r -> {
            running.countDown();
            release.await();
            return false;
        }, outcome);
        assertTrue(running.await(5, TimeUnit.SECONDS));
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        releaser.start();
        long start = System.nanoTime();
        assertTrue(runner.stop(Duration.ofSeconds(10)), "the unit finished within the deadline");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "stop returned once the unit ended");
        consumer.join(5000);
        assertFalse(consumer.isAlive(), "the record was settled");
        assertEquals(null, outcome.get(), "settled normally (acknowledged)");
        assertEquals(List.of("headcount.progress WorkDone"), sent);
        assertEquals(List.of("started " + unit(0).unit().id(), "ended " + unit(0).unit().id()), heard);
    }

    @Test
    void aUnitStillRunningAtTheDeadlineIsInterruptedAndHandedBackWithoutWorkDoneRetryOrDeadLetter() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread consumer = consume(unit(1), r -> {
            attempts.incrementAndGet();
            running.countDown();
            Thread.sleep(60_000); // the interrupt ends it
            return false;
        }, outcome);
        assertTrue(running.await(5, TimeUnit.SECONDS));
        long start = System.nanoTime();
        assertFalse(runner.stop(Duration.ofMillis(300)), "handed back");
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "waited for the deadline");
        awaitHeld(consumer);
        assertEquals(1, attempts.get(), "not retried");
        assertEquals(List.of(), sent, "no WorkDone, no dead letter, no ExperimentFailed");
        assertEquals(null, outcome.get(), "the record is not settled while the process lives");
        consumer.interrupt(); // the process's executors shutting down
        consumer.join(5000);
        assertInstanceOf(UnitHandedBackException.class, outcome.get(), "then it fails, never acknowledged");
        assertEquals(List.of("started " + unit(1).unit().id(), "ended " + unit(1).unit().id()), heard);
    }

    @Test
    void aUnitThatIgnoresTheInterruptAndEndsAfterTheDeadlinePublishesNothing() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread consumer = consume(unit(2), r -> {
            running.countDown();
            while (release.getCount() > 0) {
                Thread.onSpinWait(); // native compute: deaf to interrupts
            }
            return false;
        }, outcome);
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertFalse(runner.stop(Duration.ofMillis(100)));
        release.countDown();
        awaitHeld(consumer);
        assertEquals(List.of(), sent, "its WorkDone is left to the replica that does the unit again");
        assertEquals(null, outcome.get());
    }

    @Test
    void recordsArrivingAfterTheStopAreNotStarted() throws Exception {
        assertTrue(runner.stop(Duration.ofSeconds(1)), "nothing in progress");
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread consumer = consume(unit(3), r -> calls.incrementAndGet() > 0, outcome);
        awaitHeld(consumer);
        assertEquals(0, calls.get());
        assertEquals(List.of(), sent);
        assertEquals(List.of(), heard);
        consumer.interrupt();
        consumer.join(5000);
        assertInstanceOf(UnitHandedBackException.class, outcome.get());
    }

    @Test
    void aUnitThatFailsWhileStoppingIsHandedBackRatherThanRetried() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread consumer = consume(unit(0), r -> {
            attempts.incrementAndGet();
            running.countDown();
            fail.await();
            throw new java.io.IOException("disk went away");
        }, outcome);
        assertTrue(running.await(5, TimeUnit.SECONDS));
        Thread stopper = new Thread(() -> runner.stop(Duration.ofSeconds(10)));
        stopper.start();
        while (!runner.isStopping()) {
            Thread.sleep(10);
        }
        fail.countDown();
        awaitHeld(consumer);
        stopper.join(5000);
        assertEquals(1, attempts.get(), "the second attempt is left to another replica");
        assertEquals(List.of(), sent, "no dead letter");
    }

    /** The record's thread parks (neither acknowledged nor failed) and stays parked. */
    private static void awaitHeld(Thread consumer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (consumer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, consumer.getState(), "held");
        Thread.sleep(200);
        assertTrue(consumer.isAlive(), "still held");
    }
}
