package dev.headcount.pipeline;

import dev.headcount.engine.autograd.NonFiniteException;
import dev.headcount.engine.checkpoint.ModelFormatException;
import dev.headcount.engine.data.DataFormatException;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.InvalidEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed record, handled the same way by every worker service:
 * <ol>
 *   <li>an unreadable record (not JSON, unknown type, invalid fields, a newer schema) is given up at once;</li>
 *   <li>the handler does the work and publishes its results; an {@link IllegalArgumentException} (the record asks
 *       for something impossible: an invalid request, a task the experiment lacks), a {@link ModelFormatException} or a
 *       {@link DataFormatException} (a bad model or task file) is given up at once, any other
 *       failure (I/O, the engine) is retried up to {@code maxAttempts} in all and then given up;</li>
 *   <li>giving up = a {@link DeadLetter} on the dead-letter topic and, when the experiment is known,
 *       {@code ExperimentFailed} on the experiments topic; the record then counts as handled;</li>
 *   <li>a {@link PublishingFailedException} propagates: the broker, not the record, is at fault.</li>
 * </ol>
 */
public final class RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    /** The work an event asks for (possibly none), publishing its results before returning. */
    @FunctionalInterface
    public interface Handler {
        void handle(HeadcountEvent event) throws Exception;
    }

    private final String service;
    private final Publisher publisher;
    private final int maxAttempts;
    private final Duration retryDelay;

    public RecordProcessor(String service, Publisher publisher, int maxAttempts, Duration retryDelay) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        this.service = service;
        this.publisher = publisher;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    public void process(Failures.Origin origin, Handler handler) {
        HeadcountEvent event;
        try {
            event = EventJson.fromJson(origin.payload());
        } catch (InvalidEventException e) {
            giveUp(origin, e, 1, null);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(event);
                return;
            } catch (PublishingFailedException e) {
                throw e;
            } catch (Exception e) {
                // bad input (a request, a model file, a task file) and non-finite numbers come back the same on every
                // attempt: no retries
                if (e instanceof IllegalArgumentException || e instanceof NonFiniteException
                        || e instanceof ModelFormatException || e instanceof DataFormatException || attempt >= maxAttempts) {
                    giveUp(origin, e, attempt, event);
                    return;
                }
                LOG.warn("{}: attempt {} of {} at {} failed, retrying: {}", event.experimentId(), attempt, maxAttempts,
                        event.type(), Failures.reason(e), e);
                sleep();
            }
        }
    }

    private void giveUp(Failures.Origin origin, Exception error, int attempts, HeadcountEvent parsed) {
        LOG.error("{}: giving up {}[{}]@{} after {} attempt(s): {}", service, origin.topic(), origin.partition(),
                origin.offset(), attempts, Failures.reason(error), error);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        sent.add(publisher.send(Failures.deadLetter(origin, error, service, attempts, parsed)));
        Failures.experimentFailed(origin, error, service, parsed).ifPresent(f -> sent.add(publisher.send(f)));
        publisher.await(sent);
    }

    private void sleep() {
        try {
            Thread.sleep(retryDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishingFailedException("interrupted between attempts", e);
        }
    }
}
