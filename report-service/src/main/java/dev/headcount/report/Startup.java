package dev.headcount.report;

import dev.headcount.report.store.ResultsRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the MongoDB indexes at start. */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class);

    void onStart(@Observes StartupEvent event, ResultsRepository repository, ReportConfig config) {
        repository.createIndexes();
        LOG.infof("report-service: MongoDB database %s, artifact root %s", config.mongodb().database(),
                config.artifactRoot());
    }
}
