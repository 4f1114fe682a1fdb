package dev.headcount.finetune;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Stage;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.Failures;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.WorkRunner;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The finetune-service's only input: {@code headcount.finetune-jobs}, one {@link WorkRequested} of kind
 * {@link WorkUnit.Kind#FINETUNE} per record, handed out by the report-service's planner once the unit's base model is
 * stored. Each record is one fine-tune, run through messaging's {@link WorkRunner} (retries, dead letter,
 * {@code ExperimentFailed}, and {@code WorkDone} once the unit's events are acknowledged); the record is committed
 * only after that, so a crash mid-way redelivers it.
 *
 * <ul>
 *   <li>{@code finetune/finetuned/<task>}: from the request's model;</li>
 *   <li>{@code finetune/pruned-then-finetuned/<ranking>/<fraction>/<task>}: from the stored pruned model
 *       ({@link ArtifactLayout#model} of {@code pruned/<ranking>/<fraction>}, the URI {@code PrunedModelReady}
 *       carried).</li>
 * </ul>
 *
 * <p>The plan comes from the stored request ({@link StoredRequests#plan}); a unit that is not one of its fine-tunes
 * is refused. A unit already done (a redelivered or duplicated record) is read back by {@link FineTuneJob} and its
 * {@code ModelFineTuned} republished unchanged ({@code WorkDone.reused}).
 *
 * <p>One record at a time ({@code max.poll.records=1}, one channel): a replica owns one accelerator and runs one
 * fine-tune on it; more fine-tunes at once come from more replicas, over the topic's partitions.
 */
@ApplicationScoped
public class FineTuneConsumer {

    @Inject
    FineTuneJob job;

    @Inject
    ArtifactStore store;

    @Inject
    Publisher publisher;

    @Inject
    RecordProcessor processor;

    @Inject
    WorkRunner runner;

    @Inject
    MeterRegistry registry;

    @Incoming("finetune-in")
    @Blocking
    public void onWork(ConsumerRecord<String, String> record) {
        runner.process(new Failures.Origin(record.topic(), record.partition(), record.offset(), record.key(),
                record.value()), request -> {
            // FineTuneJob returns the outcome; BadFiles.asBadInput takes void work (it only re-types the engine's
            // bad-file exceptions), so the flag is carried out of the lambda
            boolean[] reused = new boolean[1];
            BadFiles.asBadInput(() -> reused[0] = fineTune(request));
            return reused[0];
        });
    }

    /** One attempt at one unit; returns once the broker has its events. Timed by outcome. */
    private boolean fineTune(WorkRequested request) throws Exception {
        String experimentId = request.experimentId();
        ModelVariant variant = request.unit().variant();
        Stage stage = variant.kind() == ModelVariant.Kind.PRUNED_THEN_FINETUNED ? Stage.PRUNED_FINETUNE
                : Stage.FINETUNE;
        String outcome = "failed";
        Timer.Sample sample = Timer.start(registry);
        try {
            ExperimentPlan plan = StoredRequests.plan(store, experimentId);
            List<ModelVariant> fineTunes = plan.fineTunes();
            if (!fineTunes.contains(variant)) {
                throw new IllegalArgumentException(request.unit().id() + " is not a unit of experiment " + experimentId
                        + " (its fine-tunes: " + fineTunes + ")");
            }
            String service = processor.settings().service();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            sent.add(publisher.send(new Progress(experimentId, service, stage, variant.name(), 0, 1,
                    "fine-tuning " + variant + " (fine-tune " + (fineTunes.indexOf(variant) + 1) + " of "
                            + fineTunes.size() + ")")));
            FineTuneJob.Outcome done = job.run(plan, variant, base(experimentId, variant),
                    p -> sent.add(publisher.send(p)));
            sent.add(publisher.send(done.event()));
            var metric = done.event().primaryMetric();
            sent.add(publisher.send(new Progress(experimentId, service, stage, variant.name(), 1, 1,
                    String.format(Locale.ROOT, "fine-tuned %s: dev %s %.4f%s", variant, metric,
                            done.event().devMetrics().get(metric), done.reused() ? " (earlier run)" : ""))));
            publisher.await(sent);
            outcome = done.reused() ? "reused" : "trained";
            return done.reused();
        } catch (IllegalArgumentException e) {
            outcome = "poison";
            // the dead letter and ExperimentFailed carry only the reason: make it name the unit it refuses
            throw e.getMessage() != null && e.getMessage().contains(request.unit().id()) ? e
                    : new IllegalArgumentException(request.unit().id() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            if (RecordProcessor.isPermanent(e)) {
                outcome = "poison";
            }
            throw e;
        } finally {
            sample.stop(registry.timer("headcount.finetune.units", "outcome", outcome, "stage",
                    stage.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * The checkpoint the unit starts from: the request's model for a full fine-tune (null: {@link FineTuneJob} opens
     * it), else the pruned model the pruner stored, where {@code PrunedModelReady} said it is.
     */
    private URI base(String experimentId, ModelVariant variant) {
        return variant.base().equals(ModelVariant.pretrained()) ? null
                : ArtifactLayout.model(store, experimentId, variant.base());
    }
}
