package dev.headcount.report.dispatch;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkRequested;
import dev.headcount.messaging.Publisher;
import dev.headcount.report.ExperimentService;
import dev.headcount.report.ReportConfig;
import dev.headcount.report.store.Collections;
import dev.headcount.report.store.ResultsRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Hands out the units of work an event makes ready ({@link Handouts}), called by the report-service's consumer
 * after the event was aggregated, so that MongoDB already holds it and everything before it. Publishes through the
 * service's one {@link Publisher} and waits for the broker, so that the consumed record is committed only once its
 * units are on their work topics; a broker that does not acknowledge fails the channel and the record is consumed
 * again (its units handed out again: harmless, see {@link Handouts}).
 *
 * <p>Nothing is handed out in replay mode ({@code headcount.report.replay}), nor for an experiment that is not known or whose status is final (completed, failed): its
 * remaining units would only cost GPU time. One replica hands units out (the report group's one consumer handles one
 * record at a time), which is what makes each unit unlocked by exactly one fact ({@link WorkPlan#unlockedBy}).
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    @Inject
    ResultsRepository repository;
    @Inject
    ExperimentService service;
    @Inject
    Publisher publisher;
    @Inject
    MeterRegistry registry;
    @Inject
    ReportConfig config;

    /** Publishes (and awaits) the requests the event makes ready; returns them. */
    public List<WorkRequested> dispatch(HeadcountEvent event) {
        // a replaying service meets each experiment's ExperimentRequested while its document says running (the
        // ExperimentCompleted comes later in the log): handing out would start every old experiment again
        if (config.report().replay() || !Handouts.handsOut(event)) {
            return List.of();
        }
        String experimentId = event.experimentId();
        Optional<Document> experiment = repository.experiment(experimentId);
        if (experiment.isEmpty() || !ResultsRepository.RUNNING.equals(experiment.get().getString("status"))) {
            return List.of();
        }
        ExperimentPlan plan = service.plan(experimentId).orElseThrow();
        List<WorkRequested> requests = Handouts.of(event, WorkPlan.of(plan), stored(experimentId));
        if (requests.isEmpty()) {
            return requests;
        }
        publisher.publishAll(requests);
        requests.forEach(request -> registry.counter("headcount.report.units.handed-out", "kind",
                request.unit().kind().label()).increment());
        LOG.infof("experiment %s: %s handed out %d units (%s)", experimentId, event.type(), requests.size(),
                requests.size() <= 3 ? requests.stream().map(r -> r.unit().id()).toList()
                        : requests.get(0).unit().id() + ", …");
        return requests;
    }

    private StoredResults stored(String experimentId) {
        return new StoredResults(experimentId, repository.ids(Collections.IMPORTANCE, experimentId),
                repository.ids(Collections.EVALUATIONS, experimentId), repository.ids(Collections.FINETUNES, experimentId),
                repository.ids(Collections.PRUNED_MODELS, experimentId));
    }
}
