package dev.headcount.messaging;

import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.InvalidEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed record, handled the same way by every service:
 * <ol>
 *   <li>an unreadable record (not JSON, unknown type, invalid fields, a newer schema) is given up at once;</li>
 *   <li>the handler does the work and publishes its results; a {@linkplain #isPermanent permanent} failure (the
 *       record asks for something impossible, or the numbers are not finite: every attempt ends the same) is given
 *       up at once, a failure caused by a dependency that is down ({@link OutageDetector}: MongoDB unreachable) is
 *       retried until the dependency is back, without limit and without counting, and any other failure (I/O, the
 *       engine) is retried up to {@link RecordSettings#maxAttempts()} in all, with a doubling pause between
 *       attempts, and then given up;</li>
 *   <li>giving up = a {@link DeadLetter} on the dead-letter topic and, when the experiment is known,
 *       {@code ExperimentFailed} on the experiments topic, both acknowledged by the broker; the record then counts
 *       as handled;</li>
 *   <li>a {@link PublishingFailedException} propagates: the broker, not the record, is at fault, so the record must
 *       not be committed (the channel fails and the record is consumed again after a restart);</li>
 *   <li>a {@link UnitHandedBackException} propagates too: a stopping worker gave the unit back, and another replica
 *       will do it ({@link WorkRunner#stop}).</li>
 * </ol>
 * When {@link #process} returns, the broker acknowledged everything the record produced (the handler awaits its own
 * sends: {@link Publisher#publishAll}, {@link Publisher#await}), and the caller may acknowledge the record.
 */
public final class RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    /** The work an event asks for (possibly none), publishing its results and awaiting them before returning. */
    @FunctionalInterface
    public interface Handler {
        void handle(HeadcountEvent event) throws Exception;
    }

    /** One attempt at the work. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** What {@link #retry} gave up on: the last failure's reason and the attempts made. */
    private record GivenUp(String reason, int attempts) {
    }

    /**
     * The longest pause between two attempts during an outage: the doubling backoff is capped here, so a record
     * waits at most this long after its dependency is back (the driver's own wait for a server comes on top).
     */
    public static final Duration LONGEST_OUTAGE_PAUSE = Duration.ofSeconds(5);

    private final RecordSettings settings;
    private final Publisher publisher;
    private final Consumer<DeadLetter> deadLettered;
    private final OutageDetector outages;

    /**
     * @param deadLettered told of every dead letter once the broker has it (a metric), never of anything else
     */
    public RecordProcessor(RecordSettings settings, Publisher publisher, Consumer<DeadLetter> deadLettered) {
        this(settings, publisher, deadLettered, OutageDetector.NONE);
    }

    /**
     * @param deadLettered told of every dead letter once the broker has it (a metric), never of anything else
     * @param outages      which failures mean a dependency is down: those are retried until it is back
     */
    public RecordProcessor(RecordSettings settings, Publisher publisher, Consumer<DeadLetter> deadLettered,
                           OutageDetector outages) {
        this.settings = settings;
        this.publisher = publisher;
        this.deadLettered = deadLettered;
        this.outages = outages;
    }

    public RecordSettings settings() {
        return settings;
    }

    /**
     * Failures that come back the same on every attempt: bad input or impossible work
     * ({@link IllegalArgumentException}, {@link InvalidEventException}) and arithmetic that went wrong
     * ({@link ArithmeticException}, which the engine's {@code NonFiniteException} is: a NaN loss is a NaN again).
     */
    public static boolean isPermanent(Throwable error) {
        return error instanceof IllegalArgumentException || error instanceof InvalidEventException
                || error instanceof ArithmeticException;
    }

    public void process(Failures.Origin origin, Handler handler) {
        HeadcountEvent event;
        try {
            event = EventJson.fromJson(origin.payload());
        } catch (InvalidEventException | IllegalArgumentException e) {
            giveUp(origin, Failures.reason(e), 1, null);
            return;
        }
        String what = event.type() + " " + event.eventId() + " of " + event.experimentId();
        GivenUp givenUp = retry(what, () -> handler.handle(event));
        if (givenUp != null) {
            giveUp(origin, givenUp.reason(), givenUp.attempts(), event);
        }
    }

    /**
     * The retry policy of a record: runs {@code work} until it succeeds
     * ({@code null}), fails permanently or for the last allowed time (what was given up), waiting out outages
     * uncounted; a {@link PublishingFailedException} or {@link UnitHandedBackException} propagates.
     */
    private GivenUp retry(String what, Work work) {
        int waits = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return null;
            } catch (PublishingFailedException | UnitHandedBackException e) {
                throw e;
            } catch (Exception e) {
                if (outages.causedByOutage(e)) {
                    waitOutOutage(what, ++waits, e);
                    attempt--; // an outage is no attempt at the work
                    continue;
                }
                if (isPermanent(e) || attempt >= settings.maxAttempts()) {
                    LOG.error("{}: giving up {} after {} attempt(s): {}", settings.service(), what, attempt,
                            Failures.reason(e), e);
                    return new GivenUp(Failures.reason(e), attempt);
                }
                LOG.warn("{}: attempt {} of {} at {} failed, retrying: {}", settings.service(), attempt,
                        settings.maxAttempts(), what, Failures.reason(e), e);
                pause(attempt);
            }
        }
    }

    private void giveUp(Failures.Origin origin, String reason, int attempts, HeadcountEvent parsed) {
        LOG.error("{}: dead letter for {}[{}]@{} after {} attempt(s): {}", settings.service(), origin.topic(),
                origin.partition(), origin.offset(), attempts, reason);
        DeadLetter letter = Failures.deadLetter(origin, reason, settings.service(), attempts, parsed);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        sent.add(publisher.send(letter));
        Failures.experimentFailed(origin, reason, settings.service(), parsed).ifPresent(f -> sent.add(publisher.send(f)));
        publisher.await(sent);
        deadLettered.accept(letter);
    }

    /** Logs the outage and pauses before trying {@code what} again (the {@code waits}-th time in a row). */
    private void waitOutOutage(String what, int waits, Exception e) {
        Duration pause = settings.pauseAfter(waits);
        if (pause.compareTo(LONGEST_OUTAGE_PAUSE) > 0) {
            pause = LONGEST_OUTAGE_PAUSE;
        }
        LOG.warn("{}: a dependency is down ({}); {} waits for it, try {} in {} ms (not counted as an attempt)",
                settings.service(), Failures.reason(e), what, waits + 1, pause.toMillis());
        sleep(pause);
    }

    private void pause(int attempt) {
        sleep(settings.pauseAfter(attempt));
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishingFailedException("interrupted between attempts", e);
        }
    }
}
