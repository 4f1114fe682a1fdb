package dev.headcount.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** The report-service's own settings (application.properties, overridable by environment). */
@ConfigMapping(prefix = "headcount")
public interface ReportConfig {

    /** Root of the shared artifact store ({@code HEADCOUNT_ARTIFACT_ROOT}). */
    @WithName("artifact-root")
    String artifactRoot();

    Mongo mongodb();

    Report report();

    Dashboard dashboard();

    Kafka kafka();

    interface Kafka {
        /**
         * Every topic this service writes, comma-separated ({@code headcount.kafka.produces}): its Kafka user may write
         * exactly these (deploy/), and the shared {@code EmitterSink} refuses any other.
         */
        String produces();
    }

    interface Mongo {
        /** The database holding the report's collections ({@code HEADCOUNT_MONGODB_DATABASE}). */
        @WithDefault("headcount")
        String database();
    }

    interface Report {
        /** Progress events kept per experiment in the {@code progress} collection (the newest). */
        @WithDefault("500")
        int progressHistory();

        /**
         * Service name in the Progress it publishes and in a request it could not publish (dead letters and the
         * ExperimentFailed of a record given up name {@code quarkus.application.name}, as in every service).
         */
        @WithDefault("report-service")
        String serviceName();
    }

    interface Dashboard {
        /** A comment line is sent on every open event stream this often, so proxies and browsers keep it open. */
        @WithDefault("PT15S")
        Duration keepAlive();

        /**
         * Messages one event stream may have waiting for a slow client; beyond that the stream ends and the
         * browser reconnects (and starts again from a fresh snapshot) instead of the service buffering without end.
         */
        @WithDefault("2048")
        int streamBuffer();
    }
}
