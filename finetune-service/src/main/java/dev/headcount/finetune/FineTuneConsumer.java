package dev.headcount.finetune;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Stage;
import dev.headcount.events.StoredRequests;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.pipeline.BadFiles;
import dev.headcount.pipeline.FineTuneJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The finetune-service's choreography: each record goes through the shared {@link RecordProcessor}, which calls
 * {@link FineTuneJob} once per unit of work (one variant) through {@link RecordProcessor.Units}: every unit is
 * retried on its own ({@code headcount.records.max-attempts}), a failed unit does not stop the others, and the record
 * is dead-lettered once (with {@code ExperimentFailed}) naming every failed unit. A unit's events are acknowledged by
 * the broker before the next unit starts, and the record is acknowledged (its offset committed) only after all its
 * units ran: a crash mid-way redelivers it, and the finished units are re-read, not retrained.
 *
 * <ul>
 *   <li>{@code headcount.experiments}: {@link ExperimentRequested} → {@code finetuned/<task>} for each downstream
 *       task; other events of the topic are not for this service.</li>
 *   <li>{@code headcount.models}: {@link PrunedModelReady} → {@code pruned-then-finetuned/<ranking>/<fraction>/<task>}
 *       for each downstream task of the stored request; {@code ModelFineTuned} (this service's own output) is ignored.</li>
 * </ul>
 */
@ApplicationScoped
public class FineTuneConsumer {

    private static final Logger LOG = Logger.getLogger(FineTuneConsumer.class);

    /** One fine-tune at a time per replica: both channels share the accelerator. */
    private final ReentrantLock accelerator = new ReentrantLock(true);

    @Inject
    FineTuneJob job;

    @Inject
    ArtifactStore store;

    @Inject
    Publisher publisher;

    @Inject
    RecordProcessor processor;

    @Inject
    MeterRegistry registry;

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

    private void handle(ConsumerRecord<String, String> record, Predicate<HeadcountEvent> mine) {
        processor.process(new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value()), (event, units) -> {
            if (!mine.test(event)) {
                LOG.debugf("%s: %s is not for this service", record.topic(), event.type());
                return;
            }
            Work work = work(event);
            for (int i = 0; i < work.variants().size(); i++) {
                ModelVariant variant = work.variants().get(i);
                int index = i;
                units.run(variant.toString(), () -> BadFiles.asBadInput(() -> fineTune(work, variant, index)));
            }
        });
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

    /** One attempt at one unit; returns once the broker has its events. Timed by outcome. */
    private void fineTune(Work work, ModelVariant variant, int index) throws Exception {
        String experimentId = work.plan().experimentId();
        int total = work.variants().size();
        String stage = work.stage().name().toLowerCase(Locale.ROOT);
        String outcome = "failed";
        Timer.Sample sample = Timer.start(registry);
        accelerator.lock();
        try {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            sent.add(publisher.send(new Progress(experimentId, processor.settings().service(), work.stage(), variant.name(), 0, 1,
                    "fine-tuning " + variant + " (" + (index + 1) + " of " + total + ")")));
            FineTuneJob.Outcome done = job.run(work.plan(), variant, work.base(), p -> sent.add(publisher.send(p)));
            sent.add(publisher.send(done.event()));
            var metric = done.event().primaryMetric();
            sent.add(publisher.send(new Progress(experimentId, processor.settings().service(), work.stage(), variant.name(), 1, 1,
                    String.format(Locale.ROOT, "fine-tuned %s: dev %s %.4f%s", variant, metric,
                            done.event().devMetrics().get(metric), done.reused() ? " (earlier run)" : ""))));
            publisher.await(sent);
            outcome = done.reused() ? "reused" : "trained";
        } catch (Exception e) {
            if (RecordProcessor.isPermanent(e)) {
                outcome = "poison";
            }
            throw e;
        } finally {
            accelerator.unlock();
            sample.stop(registry.timer("headcount.finetune.units", "outcome", outcome, "stage", stage));
        }
    }
}
