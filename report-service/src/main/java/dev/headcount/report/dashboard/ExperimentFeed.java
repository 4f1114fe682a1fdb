package dev.headcount.report.dashboard;

import dev.headcount.events.ExperimentCompleted;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.store.DocumentIds;
import dev.headcount.report.store.ResultsRepository;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One experiment's event stream. Pure: it starts from what MongoDB held when the stream opened (the result ids
 * per kind, the status) and adds the ids of the results it sees go by. The counts are therefore right even
 * though this replica's dashboard consumer and the {@code report} group's consumer (which writes MongoDB) read
 * the same events independently: a result is counted whether it reached MongoDB first or the stream first, and
 * a redelivered result is counted once (ids are deterministic, as in {@link Completion}).
 */
public final class ExperimentFeed implements Feed {
    private final ExperimentPlan plan;
    private final Map<String, Object> facts;
    private final Set<String> maps;
    private final Set<String> evaluations;
    private final Set<String> fineTunes;
    private final Set<String> prunedModels;
    private final Set<String> unitsDone;
    private final WorkPlan workPlan;
    private String status;

    /**
     * @param facts what the snapshot shows besides status and counts (model, tasks, progress lines, …)
     * @param maps,evaluations,fineTunes,prunedModels the result ids stored when the stream opened
     */
    public ExperimentFeed(ExperimentPlan plan, String status, Map<String, Object> facts, Set<String> maps,
                          Set<String> evaluations, Set<String> fineTunes, Set<String> prunedModels) {
        this(plan, status, facts, maps, evaluations, fineTunes, prunedModels, Set.of());
    }

    /** @param unitsDone the ids of the units of work with a WorkDone stored when the stream opened */
    public ExperimentFeed(ExperimentPlan plan, String status, Map<String, Object> facts, Set<String> maps,
                          Set<String> evaluations, Set<String> fineTunes, Set<String> prunedModels,
                          Set<String> unitsDone) {
        this.unitsDone = new HashSet<>(unitsDone);
        this.workPlan = WorkPlan.of(plan);
        this.plan = plan;
        this.status = status;
        this.facts = new LinkedHashMap<>(facts);
        this.maps = new HashSet<>(maps);
        this.evaluations = new HashSet<>(evaluations);
        this.fineTunes = new HashSet<>(fineTunes);
        this.prunedModels = new HashSet<>(prunedModels);
    }

    @Override
    public StreamMessage snapshot() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("experimentId", plan.experimentId());
        data.put("status", status);
        data.put("counts", counts());
        data.putAll(facts);
        return new StreamMessage(StreamMessage.SNAPSHOT, data);
    }

    @Override
    public List<StreamMessage> on(HeadcountEvent event) {
        Map<String, Object> line = ProgressLines.of(event);
        if (line != null) {
            return List.of(new StreamMessage(StreamMessage.PROGRESS, line));
        }
        String exp = plan.experimentId();
        if (event instanceof ImportanceMapCompleted map) {
            return result(event, maps.add(DocumentIds.map(exp, map.variant(), map.task())),
                    map.task() + " on " + map.variant());
        }
        if (event instanceof MaskedModelEvaluated e) {
            return result(event, evaluations.add(DocumentIds.evaluation(exp, e.baseVariant(), e.ranking(), e.fraction(),
                    e.evaluatedTask())), e.evaluatedTask() + " on " + e.baseVariant() + " pruned " + ModelVariant.formatFraction(e.fraction())
                    + " by " + e.ranking());
        }
        if (event instanceof ModelFineTuned fineTuned) {
            return result(event, fineTunes.add(DocumentIds.fineTune(exp, fineTuned.variant())),
                    fineTuned.variant().name());
        }
        if (event instanceof PrunedModelReady pruned) {
            return result(event, prunedModels.add(DocumentIds.prunedModel(exp, pruned.variant())),
                    pruned.variant().name());
        }
        if (event instanceof WorkDone done) {
            // a unit handled again (reused) is done already: only a unit done for the first time changes the counts
            return unitsDone.add(done.unit().id()) ? List.of(new StreamMessage(StreamMessage.COUNTS, counts()))
                    : List.of();
        }
        if (event instanceof ExperimentCompleted completed && finish(ResultsRepository.COMPLETED)) {
            Map<String, Object> data = statusData();
            data.put("reportUri", completed.reportUri());
            data.put("completedAt", completed.completedAt() == null ? null : completed.completedAt().toString());
            return List.of(new StreamMessage(StreamMessage.STATUS, data));
        }
        if (event instanceof ExperimentFailed failed && finish(ResultsRepository.FAILED)) {
            Map<String, Object> data = statusData();
            data.put("reason", failed.reason());
            data.put("service", failed.service());
            data.put("failedAt", failed.failedAt() == null ? null : failed.failedAt().toString());
            return List.of(new StreamMessage(StreamMessage.STATUS, data));
        }
        return List.of();
    }

    /** Done and expected per kind of result, as {@code GET /experiments/{id}} shows them. */
    public Map<String, Object> counts() {
        Completion completion = Completion.of(plan, maps, evaluations, fineTunes, prunedModels);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("importanceMaps", count(completion.maps()));
        counts.put("fineTunes", count(completion.fineTunes()));
        counts.put("prunedModels", count(completion.prunedModels()));
        counts.put("evaluations", count(completion.evaluations()));
        counts.put("complete", completion.complete());
        counts.put("units", units());
        return counts;
    }

    /** Units of work done (a WorkDone seen) and planned, per kind ({@code score, prune, evaluate, finetune}). */
    private Map<String, Object> units() {
        Map<String, Object> units = new LinkedHashMap<>();
        for (WorkUnit.Kind kind : WorkUnit.Kind.values()) {
            List<WorkUnit> planned = workPlan.units().stream().filter(u -> u.kind() == kind).toList();
            int done = (int) planned.stream().filter(u -> unitsDone.contains(u.id())).count();
            units.put(kind.label(), count(new Completion.StageCount(done, planned.size())));
        }
        return units;
    }

    public String status() {
        return status;
    }

    /** A new result changes the counts and perhaps the figures; a result seen before changes nothing. */
    private List<StreamMessage> result(HeadcountEvent event, boolean added, String subject) {
        if (!added) {
            return List.of();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", event.type());
        result.put("eventId", event.eventId());
        result.put("subject", subject);
        return List.of(new StreamMessage(StreamMessage.COUNTS, counts()), new StreamMessage(StreamMessage.RESULT, result));
    }

    /** Status moves only from running, as in MongoDB ({@link ResultsRepository#finish}). */
    private boolean finish(String to) {
        if (!ResultsRepository.RUNNING.equals(status)) {
            return false;
        }
        status = to;
        return true;
    }

    private Map<String, Object> statusData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status);
        return data;
    }

    private static Map<String, Integer> count(Completion.StageCount count) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("done", count.done());
        map.put("expected", count.expected());
        return map;
    }
}
