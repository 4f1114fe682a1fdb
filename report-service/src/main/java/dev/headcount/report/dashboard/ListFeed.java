package dev.headcount.report.dashboard;

import dev.headcount.events.ExperimentCompleted;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.report.store.ResultsRepository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment list's event stream: the list when it opens, then a progress line per progress event and a
 * {@code changed} message per lifecycle or result event (the page reads the list again, debounced), with the
 * final status when the event decides it (a request republished says nothing about the status). Pure.
 */
public final class ListFeed implements Feed {
    private final List<Map<String, Object>> experiments;

    /** @param experiments the list as {@code GET /experiments} shows it */
    public ListFeed(List<Map<String, Object>> experiments) {
        this.experiments = List.copyOf(experiments);
    }

    @Override
    public StreamMessage snapshot() {
        return new StreamMessage(StreamMessage.SNAPSHOT, Map.of("experiments", experiments));
    }

    @Override
    public List<StreamMessage> on(HeadcountEvent event) {
        Map<String, Object> line = ProgressLines.of(event);
        if (line != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("experimentId", event.experimentId());
            data.putAll(line);
            return List.of(new StreamMessage(StreamMessage.PROGRESS, data));
        }
        String status = null;
        if (event instanceof ExperimentCompleted) {
            status = ResultsRepository.COMPLETED;
        } else if (event instanceof ExperimentFailed) {
            status = ResultsRepository.FAILED;
        } else if (!(event instanceof ExperimentRequested || event instanceof ImportanceMapCompleted || event instanceof MaskedModelEvaluated
                || event instanceof ModelFineTuned || event instanceof PrunedModelReady)) {
            return List.of(); // units of work, per-head scores of older runs: no experiment's status or results
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("experimentId", event.experimentId());
        data.put("type", event.type());
        data.put("status", status);
        return List.of(new StreamMessage(StreamMessage.CHANGED, data));
    }
}
