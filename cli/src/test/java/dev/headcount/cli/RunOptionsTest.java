package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.headcount.cli.RunInfrastructure.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** run's infrastructure options: which mode they select, and errors that name the option. */
class RunOptionsTest {

    private static String error(String kafka, String mongo, Path artifactRoot, String reportUrl, boolean keepRunning) {
        return assertThrows(IllegalArgumentException.class,
                () -> RunInfrastructure.of(kafka, mongo, artifactRoot, reportUrl, keepRunning)).getMessage();
    }

    @Test
    void noOptionsStartTheLocalStack() {
        assertEquals(Mode.LOCAL_STACK, RunInfrastructure.of(null, null, null, null, true).mode());
    }

    @Test
    void kafkaAndMongoTogetherUseThem() {
        RunInfrastructure external = RunInfrastructure.of("kafka-0.lab:9092, kafka-1.lab:9093", "mongodb://db.lab:27017/",
                Path.of("/data/artifacts"), null, false);
        assertEquals(Mode.EXTERNAL, external.mode());
        assertEquals("kafka-0.lab:9092,kafka-1.lab:9093", external.kafka());
        assertEquals("mongodb://db.lab:27017/", external.mongo());
        assertEquals(Path.of("/data/artifacts"), external.artifactRoot());
        assertEquals(RunInfrastructure.defaultArtifactRoot(),
                RunInfrastructure.of("[::1]:9092", "mongodb+srv://u:p@cluster.example", null, null, false).artifactRoot());
    }

    @Test
    void oneWithoutTheOtherIsNamed() {
        assertEquals("--kafka needs --mongo mongodb://HOST:PORT too (the services need both; leave both out to start "
                + "the local stack)", error("127.0.0.1:9092", null, null, null, false));
        assertEquals("--mongo needs --kafka HOST:PORT too (the services need both; leave both out to start the local "
                + "stack)", error(null, "mongodb://127.0.0.1:27017", null, null, false));
    }

    @Test
    void malformedValuesAreNamed() {
        assertEquals("--kafka expects HOST:PORT[,HOST:PORT...] (bootstrap servers), was '127.0.0.1'",
                error("127.0.0.1", "mongodb://127.0.0.1:27017", null, null, false));
        assertEquals("--kafka expects HOST:PORT[,HOST:PORT...] (bootstrap servers), was 'a:9092,b:99999'",
                error("a:9092,b:99999", "mongodb://127.0.0.1:27017", null, null, false));
        assertEquals("--mongo expects a MongoDB connection string such as mongodb://HOST:27017, was "
                + "'postgres://u:***@db'", error("a:9092", "postgres://u:secret@db", null, null, false));
    }

    @Test
    void artifactRootAloneHasNothingToApplyTo() {
        assertEquals("--artifact-root applies with --kafka and --mongo (or --report-url); the local stack keeps "
                + "artifacts in the run directory", error(null, null, Path.of("/tmp/a"), null, false));
    }

    @Test
    void reportUrlStartsNothing() {
        RunInfrastructure remote = RunInfrastructure.of(null, null, null, "http://headcount.lab:8080/", false);
        assertEquals(Mode.REPORT_SERVICE, remote.mode());
        assertEquals("http://headcount.lab:8080", remote.reportUrl());
        assertEquals("--report-url follows a report-service that is already running, with its own Kafka and "
                + "MongoDB: leave out --kafka", error("a:1", null, null, "http://x:8080", false));
        assertEquals("--keep-running does not apply with --report-url: nothing is started here",
                error(null, null, null, "http://x:8080", true));
        assertEquals("--report-url must be an http:// or https:// URL such as http://127.0.0.1:8080, was 'x:8080'",
                error(null, null, null, "x:8080", false));
    }

    @Test
    void passwordsStayOutOfMessages() {
        assertEquals("mongodb://admin:***@db.lab:27017/headcount",
                RunInfrastructure.redacted("mongodb://admin:s3cret@db.lab:27017/headcount"));
        assertEquals("mongodb://db.lab:27017", RunInfrastructure.redacted("mongodb://db.lab:27017"));
    }
}
