package dev.headcount.report.dashboard;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.report.ExperimentService;
import dev.headcount.report.api.Views;
import dev.headcount.report.store.Collections;
import dev.headcount.report.store.ResultsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens an {@link ExperimentFeed} from what MongoDB holds now (blocking: call it on a worker thread). */
@ApplicationScoped
public class ExperimentFeeds {
    /** Progress lines in a snapshot (the page's log). */
    static final int RECENT_LINES = 40;

    @Inject
    ResultsRepository repository;
    @Inject
    ExperimentService service;

    public Optional<ExperimentFeed> open(String experimentId) {
        Optional<Document> found = repository.experiment(experimentId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Document doc = found.get();
        ExperimentPlan plan = service.plan(experimentId).orElseThrow();
        // the whole kept history (newest first): the loss curve wants every FineTuneProgress still stored
        List<Document> history = repository.progress(experimentId, Integer.MAX_VALUE);
        List<Map<String, Object>> recent = new ArrayList<>();
        List<Map<String, Object>> loss = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            Map<String, Object> line = ProgressLines.ofStored(history.get(i));
            if (i < RECENT_LINES) {
                recent.add(line);
            }
            if (ProgressLines.FINE_TUNE_PROGRESS.equals(line.get("type"))) {
                loss.add(line);
            }
        }
        Map<String, Object> stages = new LinkedHashMap<>();
        Document latest = doc.get("progress", Document.class);
        if (latest != null) {
            latest.forEach((stage, value) -> {
                if (value instanceof Document line) {
                    stages.put(stage, ProgressLines.ofStored(line));
                }
            });
        }
        Map<String, Object> facts = Views.experimentFacts(doc);
        facts.put("stages", stages);
        facts.put("recent", recent);
        facts.put("loss", loss);
        return Optional.of(new ExperimentFeed(plan, doc.getString("status"), facts,
                repository.ids(Collections.IMPORTANCE, experimentId), repository.ids(Collections.EVALUATIONS, experimentId),
                repository.ids(Collections.FINETUNES, experimentId),
                repository.ids(Collections.PRUNED_MODELS, experimentId), unitsDone(experimentId)));
    }

    /** The ids of the units of work with a WorkDone stored ({@code units} documents hold them as {@code unitId}). */
    private java.util.Set<String> unitsDone(String experimentId) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        repository.ofExperiment(Collections.UNITS, experimentId).forEach(doc -> ids.add(doc.getString("unitId")));
        return ids;
    }

    /** Whether the experiment has a document (a stream of an unknown one is a 404). */
    public boolean exists(String experimentId) {
        return repository.experiment(experimentId).isPresent();
    }
}
