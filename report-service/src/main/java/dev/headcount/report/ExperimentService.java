package dev.headcount.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.headcount.messaging.Publisher;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentCompleted;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Stage;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkDone;
import dev.headcount.metrics.coherence.CoherencePair;
import dev.headcount.report.aggregation.CoherenceAggregation;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.aggregation.PruningCurves;
import dev.headcount.report.report.ExperimentReport;
import dev.headcount.report.report.ExperimentSnapshot;
import dev.headcount.report.report.MapUnitRows;
import dev.headcount.report.report.ReportBuilder;
import dev.headcount.report.report.ReportFiles;
import dev.headcount.report.store.Collections;
import dev.headcount.report.store.DerivedDocuments;
import dev.headcount.report.store.DocumentIds;
import dev.headcount.report.store.EventDocuments;
import dev.headcount.report.store.ResultsRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the report-service does with a request and with each event: persist, aggregate, complete. Every step
 * is idempotent: documents are upserted by deterministic ids, derived documents are recomputed from what is
 * stored, and status moves only from {@code running} to a final state.
 */
@ApplicationScoped
public class ExperimentService {
    private static final Logger LOG = Logger.getLogger(ExperimentService.class);
    public static final String REPORT_JSON = ReportFiles.JSON;
    public static final String REPORT_MARKDOWN = ReportFiles.MARKDOWN;

    @Inject
    ResultsRepository repository;
    @Inject
    ArtifactStore artifacts;
    @Inject
    Publisher publisher;
    @Inject
    ReportConfig config;
    @Inject
    MeterRegistry registry;

    /** What became of a submitted request. */
    public enum Submission { ACCEPTED, ALREADY_ACCEPTED, CONFLICT }

    // the API

    /**
     * Accepts a valid request: stores it beside the experiment's artifacts, inserts the experiment document and
     * publishes ExperimentRequested. The same request again under the same id is accepted again (and
     * republished: the event id is the same); a different request under an existing id is a conflict.
     */
    public Submission submit(ExperimentRequested requested) throws IOException {
        return submit(requested, null);
    }

    /**
     * As {@link #submit(ExperimentRequested)}, noting who submitted it ({@code submittedBy}: the client's address),
     * which the limit of experiments in flight per client counts.
     */
    public Submission submit(ExperimentRequested requested, String client) throws IOException {
        Document experiment = experimentDocument(requested);
        if (client != null) {
            experiment.append("submittedBy", client);
        }
        boolean inserted = repository.insertExperiment(experiment);
        if (!inserted) {
            Document existing = repository.experiment(requested.experimentId()).orElseThrow();
            if (!sameRequest(existing, requested.request())) {
                return Submission.CONFLICT;
            }
            requested = new ExperimentRequested(requested.experimentId(), requested.request(),
                    instant(existing.get("requestedAt")));
        }
        StoredRequests.store(artifacts, requested);
        try {
            publisher.publish(requested);
        } catch (RuntimeException e) {
            repository.finish(requested.experimentId(), Updates.combine(Updates.set("status", ResultsRepository.FAILED),
                    Updates.set("failedAt", new Date()), Updates.set("failure", new Document("reason",
                            "could not publish ExperimentRequested: " + e.getMessage())
                            .append("service", config.report().serviceName()))));
            throw e;
        }
        registry.counter("headcount.report.experiments.submitted").increment();
        return inserted ? Submission.ACCEPTED : Submission.ALREADY_ACCEPTED;
    }

    // events

    /**
     * Processes one event.
     *
     * @param offset the record's offset (orders progress events of an experiment, which share a partition)
     * @throws IllegalArgumentException when the event cannot be used (a poison message)
     */
    public void handle(HeadcountEvent event, int partition, long offset) {
        registry.counter("headcount.report.events", "type", event.type()).increment();
        if (event instanceof ExperimentRequested requested) {
            onRequested(requested);
        } else if (event instanceof ExperimentCompleted completed) {
            repository.finish(completed.experimentId(), completedUpdate(completed));
        } else if (event instanceof ExperimentFailed failed) {
            onFailed(failed);
        } else if (event instanceof ImportanceMapCompleted map) {
            onMap(map);
        } else if (event instanceof MaskedModelEvaluated evaluation) {
            onEvaluation(evaluation);
        } else if (event instanceof ModelFineTuned fineTuned) {
            repository.upsert(Collections.FINETUNES, EventDocuments.fineTune(fineTuned));
            afterResult(fineTuned.experimentId());
        } else if (event instanceof PrunedModelReady pruned) {
            repository.upsert(Collections.PRUNED_MODELS, EventDocuments.prunedModel(pruned));
            afterResult(pruned.experimentId());
        } else if (event instanceof Progress progress) {
            onProgress(progress, stageName(progress.stage()), progress.subject(), progress.done(), progress.total(),
                    partition, offset);
        } else if (event instanceof FineTuneProgress progress) {
            String stage = stageName(progress.variant().isPruned() ? Stage.PRUNED_FINETUNE : Stage.FINETUNE);
            onProgress(progress, stage, progress.variant().name(), progress.step(), progress.totalSteps(),
                    partition, offset);
        } else if (event instanceof WorkDone done) {
            onWorkDone(done);
        }
        // HeadImportanceScored (older topics only): the map file carries the same numbers
    }

    /**
     * Keeps the unit's handling for the report's {@code units}; never a result, so completion does not look at it.
     * A worker publishes WorkDone after the unit's results, so the last units' WorkDone arrive after the last result
     * completed the experiment: the report files are written again then (same numbers, same completion time), so
     * that the stored report.json lists every unit. Whether the written report lists a unit is kept on its document
     * ({@link ResultsRepository#IN_REPORT}), so a redelivered WorkDone writes nothing again, while a record retried
     * after a failed write does write.
     */
    private void onWorkDone(WorkDone done) {
        repository.insertIfAbsent(Collections.UNITS, EventDocuments.workDone(done));
        if (config.report().replay()) {
            return; // the files on disk are the first service's: a replay rebuilds the database only
        }
        Optional<Document> experiment = repository.experiment(done.experimentId());
        if (experiment.isPresent() && ResultsRepository.COMPLETED.equals(experiment.get().getString("status"))
                && !repository.unitInReport(done.eventId())) {
            ExperimentPlan plan = new ExperimentPlan(done.experimentId(), request(experiment.get()));
            Instant completedAt = instant(experiment.get().get("completedAt"));
            writeReport(plan, completedAt == null ? Instant.now() : completedAt);
        }
    }

    private void onRequested(ExperimentRequested requested) {
        List<String> problems = requested.request().validate();
        if (!problems.isEmpty()) {
            // published by someone who did not validate: it never starts
            throw new IllegalArgumentException("ExperimentRequested.request is invalid: " + String.join("; ", problems));
        }
        repository.ensureExperiment(experimentDocument(requested));
        if (config.report().replay()) {
            refresh(requested.experimentId()); // the plan is the document's: the store is only read in a replay
            return;
        }
        try {
            StoredRequests.load(artifacts, requested.experimentId());
        } catch (IOException missing) {
            try {
                StoredRequests.store(artifacts, requested);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        refresh(requested.experimentId());
    }

    private void onFailed(ExperimentFailed failed) {
        if (repository.experiment(failed.experimentId()).isEmpty()) {
            LOG.infof("ExperimentFailed for unknown experiment %s: %s", failed.experimentId(), failed.reason());
            return;
        }
        Document failure = new Document("reason", failed.reason()).append("service", failed.service())
                .append("failedEventType", failed.failedEventType()).append("failedEventId", failed.failedEventId())
                .append("failedAt", failed.failedAt() == null ? null : failed.failedAt().toString())
                .append("eventId", failed.eventId());
        repository.updateExperiment(failed.experimentId(), Updates.addToSet("failures", failure));
        repository.finish(failed.experimentId(), Updates.combine(Updates.set("status", ResultsRepository.FAILED),
                Updates.set("failedAt", failed.failedAt() == null ? null : Date.from(failed.failedAt())),
                Updates.set("failure", failure)));
    }

    /**
     * Stores the map with its matrices, read from the file the event names (a version-1 event carried them), so
     * that the importance documents, the dashboard and the report have the numbers without the file.
     */
    private void onMap(ImportanceMapCompleted announced) {
        planOfResult(announced.experimentId()).ifPresent(plan -> requirePlanned(plan, announced));
        ImportanceMapCompleted map = withMatrices(announced);
        List<ImportanceMapCompleted> others = maps(map.experimentId());
        CoherenceAggregation.checkUsable(map, others);
        repository.upsert(Collections.IMPORTANCE, EventDocuments.importance(map));
        recomputeCoherence(map.experimentId(), planOfResult(map.experimentId()).orElse(null));
        afterResult(map.experimentId());
    }

    /**
     * The map's matrices from its file. A file that is not there or not readable is an I/O failure, tried again (a
     * shared store may show it late); a file that is not the one announced (digest, experiment, shape) is a bad
     * input, dead-lettered at once. Either way the message names the file's URI.
     */
    private ImportanceMapCompleted withMatrices(ImportanceMapCompleted map) {
        if (map.carriesMatrices()) {
            return map;
        }
        try {
            return ImportanceMapFile.readAnnounced(artifacts, map);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private void onEvaluation(MaskedModelEvaluated evaluation) {
        planOfResult(evaluation.experimentId()).ifPresent(plan -> requirePlanned(plan, evaluation));
        repository.upsert(Collections.EVALUATIONS, EventDocuments.evaluation(evaluation));
        planOfResult(evaluation.experimentId()).ifPresent(plan -> recomputePrunability(plan,
                new PruningCurves.Target(evaluation.baseVariant(), evaluation.evaluatedTask())));
        afterResult(evaluation.experimentId());
    }

    /**
     * Refuses a map the plan does not have. The scorer only produces the plan's maps, so another one is forged, stale
     * or from a mixed-up store; stored, it would enter the coherence tables and the report. Refused as a bad input
     * (dead letter, no retry). Without a plan yet (results before their request) the map is stored and waits.
     */
    private static void requirePlanned(ExperimentPlan plan, ImportanceMapCompleted map) {
        if (!plan.importanceMaps().contains(new ExperimentPlan.MapKey(map.variant(), map.task()))) {
            throw new IllegalArgumentException("experiment " + map.experimentId() + " has no importance map of task '"
                    + map.task() + "' on " + map.variant() + " in its plan (its maps: " + plan.importanceMaps().stream()
                    .map(k -> k.task() + " on " + k.variant()).toList() + ")");
        }
    }

    /**
     * Refuses an evaluation the plan does not have (compared by document id, as {@link Completion} counts them, so
     * that a fraction is matched as it is stored). Stored, it would be one more point of a pruning curve.
     */
    private static void requirePlanned(ExperimentPlan plan, MaskedModelEvaluated evaluation) {
        String id = DocumentIds.evaluation(plan.experimentId(), evaluation.baseVariant(), evaluation.ranking(),
                evaluation.fraction(), evaluation.evaluatedTask());
        boolean planned = plan.evaluations().stream().anyMatch(key -> id.equals(DocumentIds.evaluation(
                plan.experimentId(), key.base(), key.ranking(), key.fraction(), key.evaluatedTask())));
        if (planned) {
            return;
        }
        List<ExperimentPlan.EvaluationKey> keys = plan.evaluations();
        String targets = plan.request().allRankings().contains(evaluation.ranking())
                ? "; ranking " + evaluation.ranking() + " on " + plan.targetsOf(evaluation.ranking()).stream()
                        .map(k -> k.task() + " on " + k.variant()).toList()
                : "";
        throw new IllegalArgumentException("experiment " + evaluation.experimentId() + " has no evaluation of task '"
                + evaluation.evaluatedTask() + "' on " + evaluation.baseVariant() + " pruned by ranking "
                + evaluation.ranking() + " at fraction " + ModelVariant.formatFraction(evaluation.fraction())
                + " in its plan (its " + keys.size() + " evaluations: rankings " + plan.request().allRankings()
                + " at fractions " + plan.request().pruningFractions().stream().map(ModelVariant::formatFraction).toList()
                + targets + ")");
    }

    private void onProgress(HeadcountEvent event, String stage, String subject, long done, long total, int partition,
                            long offset) {
        Document progress = EventDocuments.of(event.eventId(), event)
                .append("stage", stage).append("subject", subject).append("done", done).append("total", total)
                .append("partition", partition).append("offset", offset);
        if (!repository.insertIfAbsent(Collections.PROGRESS, progress)) {
            return;
        }
        Document latest = new Document(progress);
        latest.remove("_id");
        latest.remove("experimentId");
        repository.updateExperiment(event.experimentId(), Updates.set("progress." + stage, latest));
        repository.trimProgress(event.experimentId(), config.report().progressHistory());
    }

    // aggregation

    /** Recomputes every derived document of an experiment and checks completion. */
    public void refresh(String experimentId) {
        Optional<ExperimentPlan> plan = plan(experimentId);
        recomputeCoherence(experimentId, plan.orElse(null));
        plan.ifPresent(p -> PruningCurves.targets(p).forEach(target -> recomputePrunability(p, target)));
        afterResult(experimentId);
    }

    private void recomputeCoherence(String experimentId, ExperimentPlan plan) {
        List<ImportanceMapCompleted> maps = maps(experimentId);
        var variants = CoherenceAggregation.variants(plan, maps);
        String pretraining = plan == null ? null : plan.pretrainingTask();
        for (CoherencePair pair : CoherenceAggregation.pairs(plan, maps)) {
            repository.upsert(Collections.COHERENCE, DerivedDocuments.coherence(experimentId, pair,
                    variants.get(pair.first()), variants.get(pair.second()), pretraining));
        }
    }

    private void recomputePrunability(ExperimentPlan plan, PruningCurves.Target target) {
        List<MaskedModelEvaluated> evaluations = EventDocuments.events(repository.find(Collections.EVALUATIONS,
                Filters.and(Filters.eq("experimentId", plan.experimentId()),
                        Filters.eq("baseVariant", target.base().name()),
                        Filters.eq("evaluatedTask", target.task()))), MaskedModelEvaluated.class);
        if (evaluations.isEmpty()) {
            return;
        }
        for (PruningCurves.CurveResult result : PruningCurves.results(PruningCurves.table(plan, target, evaluations))) {
            repository.upsert(Collections.PRUNABILITY, DerivedDocuments.prunability(plan.experimentId(), result));
        }
    }

    /** Updates the done counts and completes the experiment when everything it expects is in. */
    private void afterResult(String experimentId) {
        Optional<ExperimentPlan> plan = planOfResult(experimentId);
        if (plan.isEmpty()) {
            return;
        }
        Completion completion = completion(plan.get());
        repository.updateExperiment(experimentId, Updates.set("done", counts(completion, true)));
        Document experiment = repository.experiment(experimentId).orElseThrow();
        if (completion.complete() && ResultsRepository.RUNNING.equals(experiment.getString("status"))) {
            if (config.report().replay()) {
                // its ExperimentCompleted is further on in the log (completedAt and reportUri with it); writing and
                // publishing here would give it a second completion time and a second event
                LOG.infof("replay: experiment %s has every result; its ExperimentCompleted follows in the log",
                        experimentId);
                return;
            }
            complete(plan.get());
        }
    }

    /**
     * Writes the report beside the request ({@link ReportFiles}: JSON, CSV tables, figures as SVG and PNG under
     * figures/, then the Markdown that links them), publishes ExperimentCompleted (awaiting the broker), then
     * marks the experiment completed. If the service stops in between, the redelivered event does it again: same
     * files, same event id.
     */
    private void complete(ExperimentPlan plan) {
        String experimentId = plan.experimentId();
        // to the millisecond, as MongoDB keeps it: a report written again later (onWorkDone) shows the same time
        ExperimentReport report = writeReport(plan, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        URI markdown = artifacts.uriOf(experimentId, ModelVariant.pretrained(), REPORT_MARKDOWN);
        publisher.publish(new Progress(experimentId, config.report().serviceName(), Stage.REPORT, experimentId, 1, 1,
                "report written"));
        ExperimentCompleted completed = new ExperimentCompleted(experimentId, markdown.toString(), report.completedAt());
        publisher.publish(completed);
        if (repository.finish(experimentId, completedUpdate(completed))) {
            registry.counter("headcount.report.experiments.completed").increment();
            LOG.infof("experiment %s completed: %s", experimentId, markdown);
        }
    }

    /**
     * Builds the completed report from what is stored and writes its files, then marks the experiment's units as
     * listed (records are handled one at a time: none arrived in between); returns the report.
     */
    private ExperimentReport writeReport(ExperimentPlan plan, Instant completedAt) {
        String experimentId = plan.experimentId();
        ExperimentSnapshot snapshot = snapshot(experimentId).orElseThrow();
        ExperimentReport report = ReportBuilder.build(new ExperimentSnapshot(experimentId, ResultsRepository.COMPLETED,
                snapshot.requestedAt(), completedAt, null, null, plan, snapshot.maps(), snapshot.evaluations(),
                snapshot.fineTunes(), snapshot.completion(), snapshot.unitRows(), snapshot.work()));
        try {
            for (ReportFiles.ReportFile file : ReportFiles.of(report)) {
                artifacts.write(experimentId, ModelVariant.pretrained(), file.path(), file.content());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repository.markUnitsInReport(experimentId);
        return report;
    }

    private static org.bson.conversions.Bson completedUpdate(ExperimentCompleted completed) {
        return Updates.combine(Updates.set("status", ResultsRepository.COMPLETED),
                Updates.set("completedAt", completed.completedAt() == null ? null : Date.from(completed.completedAt())),
                Updates.set("reportUri", completed.reportUri()));
    }

    // reading

    public Optional<ExperimentPlan> plan(String experimentId) {
        return repository.experiment(experimentId).map(doc -> new ExperimentPlan(experimentId, request(doc)));
    }

    /**
     * The plan of the experiment a result belongs to. Without an experiment document (results read before
     * their ExperimentRequested, another deployment's MongoDB) the request stored in the artifact store, if
     * any, starts the document; else the results wait, stored, for ExperimentRequested to refresh them.
     */
    private Optional<ExperimentPlan> planOfResult(String experimentId) {
        Optional<ExperimentPlan> plan = plan(experimentId);
        if (plan.isPresent()) {
            return plan;
        }
        try {
            ExperimentRequested requested = StoredRequests.load(artifacts, experimentId);
            if (!requested.request().validate().isEmpty()) {
                return Optional.empty();
            }
            repository.ensureExperiment(experimentDocument(requested));
            LOG.infof("experiment %s adopted from its stored request", experimentId);
            return plan(experimentId);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public Completion completion(ExperimentPlan plan) {
        String exp = plan.experimentId();
        return Completion.of(plan, repository.ids(Collections.IMPORTANCE, exp),
                repository.ids(Collections.EVALUATIONS, exp), repository.ids(Collections.FINETUNES, exp),
                repository.ids(Collections.PRUNED_MODELS, exp));
    }

    public Optional<ExperimentSnapshot> snapshot(String experimentId) {
        Optional<Document> experiment = repository.experiment(experimentId);
        if (experiment.isEmpty()) {
            return Optional.empty();
        }
        Document doc = experiment.get();
        ExperimentPlan plan = new ExperimentPlan(experimentId, request(doc));
        Document failure = doc.get("failure", Document.class);
        List<ImportanceMapCompleted> maps = maps(experimentId);
        return Optional.of(new ExperimentSnapshot(experimentId, doc.getString("status"), instant(doc.get("requestedAt")),
                instant(doc.get("completedAt")), instant(doc.get("failedAt")),
                failure == null ? null : failure.getString("reason"), plan, maps,
                EventDocuments.events(repository.ofExperiment(Collections.EVALUATIONS, experimentId),
                        MaskedModelEvaluated.class),
                EventDocuments.events(repository.ofExperiment(Collections.FINETUNES, experimentId),
                        ModelFineTuned.class),
                completion(plan), MapUnitRows.read(artifacts, experimentId, maps),
                EventDocuments.events(repository.ofExperiment(Collections.UNITS, experimentId), WorkDone.class)));
    }

    public Optional<ExperimentReport> report(String experimentId) {
        return snapshot(experimentId).map(ReportBuilder::build);
    }

    private List<ImportanceMapCompleted> maps(String experimentId) {
        return EventDocuments.events(repository.ofExperiment(Collections.IMPORTANCE, experimentId),
                ImportanceMapCompleted.class);
    }

    // documents

    /** The experiment document a request starts: status running, the request, expected and done counts. */
    public static Document experimentDocument(ExperimentRequested requested) {
        ExperimentRequest request = requested.request();
        ExperimentPlan plan = ExperimentPlan.of(requested);
        Completion nothing = Completion.expected(plan);
        return new Document("_id", requested.experimentId())
                .append("experimentId", requested.experimentId())
                .append("status", ResultsRepository.RUNNING)
                .append("model", request.model())
                .append("pretrainingTask", plan.pretrainingTask())
                .append("downstreamTasks", plan.downstreamTasks())
                .append("request", requestDocument(request))
                .append("requestedAt", requested.requestedAt() == null ? null : Date.from(requested.requestedAt()))
                .append("expected", counts(nothing, false))
                .append("done", counts(nothing, true))
                .append("progress", new Document());
    }

    static Document counts(Completion completion, boolean done) {
        return new Document("maps", pick(completion.maps(), done))
                .append("evaluations", pick(completion.evaluations(), done))
                .append("fineTunes", pick(completion.fineTunes(), done))
                .append("prunedModels", pick(completion.prunedModels(), done));
    }

    private static int pick(Completion.StageCount count, boolean done) {
        return done ? count.done() : count.expected();
    }

    static Document requestDocument(ExperimentRequest request) {
        try {
            return Document.parse(EventJson.mapper().writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExperimentRequest request(Document experiment) {
        try {
            return EventJson.mapper().readValue(EventDocuments.json(experiment.get("request", Document.class)),
                    ExperimentRequest.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameRequest(Document existing, ExperimentRequest request) {
        return request(existing).equals(request);
    }

    static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof String text) {
            return Instant.parse(text);
        }
        return null;
    }

    public static String stageName(Stage stage) {
        return stage.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
