package dev.headcount.scorer;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.InvalidEventException;
import dev.headcount.pipeline.Failures;
import dev.headcount.pipeline.ScoringJob;
import dev.headcount.pipeline.ScoringTrigger;
import dev.headcount.pipeline.TaskLoading;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code headcount.experiments} and {@code headcount.models} (one channel, one record at a time: a GPU
 * worker scores one map at a time; replicas share the partitions) and turns each scoring trigger
 * ({@link ScoringTrigger}) into the map's events on {@code headcount.head-importance}, with {@code Progress} on
 * {@code headcount.progress}. The input offset is committed only after every output record is acknowledged.
 *
 * <p>A record that cannot be read or scored is retried ({@code headcount.scorer.max-attempts} in all, for errors
 * that may pass), then published to {@code headcount.dead-letter} (with {@code ExperimentFailed} on
 * {@code headcount.experiments} when the experiment is known) and skipped: the service keeps serving.
 */
@ApplicationScoped
public class ScorerService {
    static final String SERVICE = "scorer-service";
    private static final Logger LOG = Logger.getLogger(ScorerService.class);

    @Inject
    EventPublisher publisher;
    @Inject
    ArtifactStore store;
    @Inject
    TaskLoading tasks;
    @ConfigProperty(name = "headcount.scorer.max-attempts", defaultValue = "2")
    int maxAttempts;
    @ConfigProperty(name = "headcount.scorer.retry-delay", defaultValue = "PT2S")
    Duration retryDelay;

    ScoringJob job;

    @PostConstruct
    void init() {
        job = new ScoringJob(store, tasks, SERVICE);
    }

    @Incoming("scorer-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        Failures.Origin origin = new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value());
        HeadcountEvent event;
        try {
            event = EventJson.fromJson(record.value());
        } catch (InvalidEventException e) {
            giveUp(origin, e, 1, null);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            List<CompletableFuture<Void>> progress = new ArrayList<>();
            try {
                Optional<ScoringTrigger.Work> work = ScoringTrigger.of(event, store);
                if (work.isEmpty()) {
                    return;
                }
                ScoringTrigger.Work w = work.get();
                LOG.infof("%s: scoring %s on %s (%s)", w.plan().experimentId(), w.task(), w.variant(), w.modelLocation());
                ScoringJob.Result result = job.run(w.plan(), w.variant(), w.task(), w.modelLocation(),
                        p -> progress.add(publisher.send(p)));
                publisher.await(progress);
                publisher.publishAll(result.events());
                LOG.infof("%s: published the map of %s on %s (%d events%s)", w.plan().experimentId(), w.task(),
                        w.variant(), result.events().size(), result.reused() ? ", reused" : "");
                return;
            } catch (PublishingFailedException e) {
                throw e;
            } catch (Exception e) {
                boolean mayPass = !(e instanceof IllegalArgumentException);
                if (!mayPass || attempt >= maxAttempts) {
                    giveUp(origin, e, attempt, event);
                    return;
                }
                LOG.warnf(e, "%s: attempt %d of %d failed, retrying", event.experimentId(), attempt, maxAttempts);
                sleep(retryDelay);
            }
        }
    }

    private void giveUp(Failures.Origin origin, Exception error, int attempts, HeadcountEvent parsed) {
        LOG.errorf(error, "giving up %s[%d]@%d after %d attempt(s): %s", origin.topic(), origin.partition(),
                origin.offset(), attempts, Failures.reason(error));
        DeadLetter deadLetter = Failures.deadLetter(origin, error, SERVICE, attempts, parsed);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        sent.add(publisher.send(deadLetter));
        Failures.experimentFailed(origin, error, SERVICE, parsed).ifPresent(f -> sent.add(publisher.send(f)));
        publisher.await(sent);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
