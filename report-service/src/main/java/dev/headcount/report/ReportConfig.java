package dev.headcount.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    Auth auth();

    Confine confine();

    Limits limits();

    /** Who may write (and, optionally, read) through the API: report-service/README.md, "Access". */
    interface Auth {
        /**
         * The bearer token writes must carry ({@code HEADCOUNT_AUTH_TOKEN}). Without one the service refuses to start
         * unless it binds a loopback address only.
         */
        Optional<String> token();

        /** Whether reads (GET) need the token too. */
        @WithDefault("false")
        boolean protectReads();
    }

    /**
     * Where the local files a request names may be: a task's data and a model directory must resolve (real path,
     * symlinks followed) inside one of these roots. Built-in and hub names are not files and are not confined.
     */
    interface Confine {
        /** Roots for task data ({@code glue/X=DIR}, {@code name=file:PATH}, {@code dev=PATH}). */
        List<String> dataRoots();

        /** Roots for model directories. */
        List<String> modelRoots();
    }

    /** Limits per client, so that one client cannot starve the workers. */
    interface Limits {
        /** Largest request body in bytes; larger ones are answered 413. */
        @WithDefault("65536")
        int maxBodyBytes();

        /** Experiments one client (remote address) may have running; one more is answered 429. */
        @WithDefault("4")
        int inFlightPerClient();

        /** Most downstream tasks in one request. */
        @WithDefault("16")
        int maxTasks();

        /** Most fractions in {@code pruningFractions} and in {@code finetuneFractions}, each. */
        @WithDefault("32")
        int maxFractions();

        /** Most random rankings ({@code rankings.randomSeeds}). */
        @WithDefault("20")
        int maxRandomSeeds();
    }

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

        /**
         * Replay mode ({@code HEADCOUNT_REPORT_REPLAY}): rebuild this service's database from the topics without acting
         * on them. It aggregates every event as usual but publishes nothing (no units handed out, no Progress, no
         * ExperimentCompleted: a replayed experiment completes by the ExperimentCompleted already in the log), writes
         * nothing to the artifact store (report files, requests) and accepts no experiments. Without it, a fresh
         * service replaying the log would hand out every completed experiment's first units again.
         */
        @WithDefault("false")
        boolean replay();
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
