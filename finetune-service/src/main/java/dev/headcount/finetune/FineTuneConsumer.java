package dev.headcount.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.engine.autograd.NonFiniteException;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DeadLetter;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.InvalidEventException;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Stage;
import dev.headcount.events.StoredRequests;
import dev.headcount.pipeline.FineTuneJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The finetune-service's choreography: consume, call {@link FineTuneJob} once per unit of work (one variant),
 * publish. A record is acked (its offset committed) only after every event it produced reached the broker,
 * and only after all its units ran: a crash mid-way redelivers it, and the finished units are re-read, not retrained.
 *
 * <ul>
 *   <li>{@code headcount.experiments}: {@link ExperimentRequested} → {@code finetuned/<task>} for each downstream
 *       task; other events of the topic are not for this service.</li>
 *   <li>{@code headcount.models}: {@link PrunedModelReady} → {@code pruned-then-finetuned/<ranking>/<fraction>/<task>}
 *       for each downstream task of the stored request; {@code ModelFineTuned} (this service's own output) is ignored.</li>
 * </ul>
 * Poison (unparseable or invalid event, unknown model or task, a unit that still fails after
 * {@code headcount.finetune.attempts} tries): one {@link DeadLetter} for the record and an {@link ExperimentFailed}
 * when the experiment is known; the other units of the record still run and the service keeps consuming.
 */
@ApplicationScoped
public class FineTuneConsumer {

    static final String SERVICE = "finetune-service";
    private static final Logger LOG = Logger.getLogger(FineTuneConsumer.class);

    /** One fine-tune at a time per replica: both channels share the accelerator. */
    private final ReentrantLock accelerator = new ReentrantLock(true);

    @Inject
    FineTuneJob job;

    @Inject
    ArtifactStore store;

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "headcount.finetune.attempts", defaultValue = "2")
    int attempts;

    @Incoming("experiments")
    @Blocking
    public void onExperiment(ConsumerRecord<String, String> record) {
        handle(record, event -> event instanceof ExperimentRequested);
    }

    @Incoming("models")
    @Blocking
    public void onModel(ConsumerRecord<String, String> record) {
        handle(record, event -> event instanceof PrunedModelReady);
    }

    private void handle(ConsumerRecord<String, String> record, java.util.function.Predicate<HeadcountEvent> mine) {
        EventPublisher.Sends sends = publisher.sends();
        HeadcountEvent event;
        try {
            event = EventJson.fromJson(record.value());
        } catch (InvalidEventException | IllegalArgumentException e) {
            poison(record, sends, null, List.of(message(e)), 1);
            sends.await();
            return;
        }
        if (!mine.test(event)) {
            LOG.debugf("%s: %s is not for this service", record.topic(), event.getClass().getSimpleName());
            return;
        }
        List<String> failures = new ArrayList<>();
        int[] tries = {1};
        try {
            Work work = work(event);
            for (int i = 0; i < work.variants().size(); i++) {
                ModelVariant variant = work.variants().get(i);
                String failure = runUnit(work, variant, i, sends, tries);
                if (failure != null) {
                    failures.add(variant + ": " + failure);
                }
            }
        } catch (Exception e) {
            failures.add(message(e));
        }
        if (!failures.isEmpty()) {
            poison(record, sends, event, failures, tries[0]);
        }
        sends.await();
    }

    /** What a consumed event asks for: the plan, the variants to produce, the base checkpoint. */
    private record Work(ExperimentPlan plan, List<ModelVariant> variants, URI base, Stage stage) {
    }

    private Work work(HeadcountEvent event) throws Exception {
        if (event instanceof ExperimentRequested requested) {
            List<String> problems = requested.request().validate();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid request: " + String.join("; ", problems));
            }
            ExperimentPlan plan = ExperimentPlan.of(requested);
            return new Work(plan, plan.downstreamTasks().stream().map(ModelVariant::finetuned).toList(), null,
                    Stage.FINETUNE);
        }
        PrunedModelReady pruned = (PrunedModelReady) event;
        ExperimentPlan plan = StoredRequests.plan(store, pruned.experimentId());
        if (!plan.prunedModels().contains(pruned.variant())) {
            throw new IllegalArgumentException(pruned.variant() + " is not a pruned model that experiment "
                    + pruned.experimentId() + " fine-tunes (it fine-tunes " + plan.prunedModels() + ")");
        }
        List<ModelVariant> variants = plan.downstreamTasks().stream()
                .map(task -> ModelVariant.prunedThenFinetuned(pruned.ranking(), pruned.fraction(), task)).toList();
        return new Work(plan, variants, URI.create(pruned.artifactUri()), Stage.PRUNED_FINETUNE);
    }

    /** Runs one unit (with retries for failures that are not poison); returns why it failed, or null. */
    private String runUnit(Work work, ModelVariant variant, int index, EventPublisher.Sends sends, int[] tries) {
        String experimentId = work.plan().experimentId();
        int total = work.variants().size();
        for (int attempt = 1; ; attempt++) {
            tries[0] = Math.max(tries[0], attempt);
            Timer.Sample sample = Timer.start(registry);
            accelerator.lock();
            try {
                sends.publish(new Progress(experimentId, SERVICE, work.stage(), variant.name(), 0, 1,
                        "fine-tuning " + variant + " (" + (index + 1) + " of " + total + ")"));
                FineTuneJob.Outcome outcome = job.run(work.plan(), variant, work.base(), sends::publish);
                sends.publish(outcome.event());
                var metric = outcome.event().primaryMetric();
                sends.publish(new Progress(experimentId, SERVICE, work.stage(), variant.name(), 1, 1,
                        String.format(Locale.ROOT, "fine-tuned %s: dev %s %.4f%s", variant, metric,
                                outcome.event().devMetrics().get(metric), outcome.reused() ? " (earlier run)" : "")));
                sample.stop(registry.timer("headcount.finetune.units", "outcome",
                        outcome.reused() ? "reused" : "trained", "stage", work.stage().name().toLowerCase(Locale.ROOT)));
                return null;
            } catch (IllegalArgumentException | InvalidEventException | NonFiniteException e) {
                sample.stop(registry.timer("headcount.finetune.units", "outcome", "poison", "stage",
                        work.stage().name().toLowerCase(Locale.ROOT)));
                LOG.errorf("%s: %s cannot be fine-tuned: %s", experimentId, variant, message(e));
                return message(e);
            } catch (Exception e) {
                sample.stop(registry.timer("headcount.finetune.units", "outcome", "failed", "stage",
                        work.stage().name().toLowerCase(Locale.ROOT)));
                LOG.errorf(e, "%s: fine-tuning %s failed (attempt %d of %d)", experimentId, variant, attempt, attempts);
                if (attempt >= attempts) {
                    return message(e) + " (after " + attempt + " attempts)";
                }
            } finally {
                accelerator.unlock();
            }
        }
    }

    private void poison(ConsumerRecord<String, String> record, EventPublisher.Sends sends, HeadcountEvent event,
                        List<String> failures, int tries) {
        String reason = String.join("; ", failures);
        String experimentId = event != null ? event.experimentId() : experimentIdOf(record.value());
        String type = event != null ? event.getClass().getSimpleName() : typeOf(record.value());
        LOG.errorf("%s[%d]@%d → dead letter: %s", record.topic(), record.partition(), record.offset(), reason);
        sends.deadLetter(new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), reason, SERVICE, tries, experimentId, Instant.now()));
        if (experimentId != null) {
            sends.publish(new ExperimentFailed(experimentId, reason, SERVICE, type,
                    event != null ? event.eventId() : null, Instant.now()));
        }
        registry.counter("headcount.finetune.dead-letters", "topic", record.topic()).increment();
    }

    /** The experiment id of a payload that did not parse as an event, if it names a usable one. */
    static String experimentIdOf(String payload) {
        String id = field(payload, "experimentId");
        return id != null && id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") ? id : null;
    }

    static String typeOf(String payload) {
        return field(payload, "type");
    }

    private static String field(String payload, String name) {
        try {
            JsonNode node = payload == null ? null : EventJson.mapper().readTree(payload);
            JsonNode value = node == null || !node.isObject() ? null : node.get(name);
            return value != null && value.isTextual() ? value.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
