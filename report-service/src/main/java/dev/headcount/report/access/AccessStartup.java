package dev.headcount.report.access;

import dev.headcount.report.ReportConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Stops the start of a service that others could reach without a token ({@link Binding}), and says what is on. */
@ApplicationScoped
public class AccessStartup {
    private static final Logger LOG = Logger.getLogger(AccessStartup.class);

    void onStart(@Observes StartupEvent event, ReportConfig config,
                 @ConfigProperty(name = "quarkus.http.host") String host) {
        Binding.problem(host, config.auth().token()).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        boolean token = BearerToken.of(config.auth().token()).isPresent();
        LOG.infof("report-service access: %s; task data confined to %s, models to %s", token
                        ? "writes need the token" + (config.auth().protectReads() ? ", reads too" : ", reads are open")
                        : "no token (loopback only)", config.confine().dataRoots(), config.confine().modelRoots());
    }
}
