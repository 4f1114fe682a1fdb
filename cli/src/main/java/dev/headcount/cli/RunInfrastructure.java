package dev.headcount.cli;

import dev.headcount.cli.remote.ReportServiceClient;
import dev.headcount.localstack.LocalStack;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where {@code headcount run} runs the experiment, from its options: the local stack it starts (no options),
 * an existing Kafka and MongoDB with the services started here ({@code --kafka}, {@code --mongo}), or a
 * report-service already running somewhere, with nothing started ({@code --report-url}). Checked before anything
 * starts, with errors that name the option.
 *
 * @param artifactRoot where the services write artifacts ({@link Mode#EXTERNAL}); for {@link Mode#REPORT_SERVICE}
 *                     where that service's artifacts can be read, if they can ({@code null} otherwise); unused for
 *                     the local stack, which keeps them in its own directory
 */
record RunInfrastructure(Mode mode, String kafka, String mongo, Path artifactRoot, String reportUrl) {

    enum Mode { LOCAL_STACK, EXTERNAL, REPORT_SERVICE }

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9._-]*):(\\d{1,5})");
    private static final Pattern MONGO = Pattern.compile("mongodb(\\+srv)?://[^/\\s]+(/\\S*)?");

    static RunInfrastructure of(String kafka, String mongo, Path artifactRoot, String reportUrl, boolean keepRunning) {
        if (reportUrl != null) {
            if (kafka != null || mongo != null) {
                throw new IllegalArgumentException("--report-url follows a report-service that is already running, "
                        + "with its own Kafka and MongoDB: leave out " + (kafka != null ? "--kafka" : "--mongo"));
            }
            if (keepRunning) {
                throw new IllegalArgumentException("--keep-running does not apply with --report-url: nothing is "
                        + "started here");
            }
            return new RunInfrastructure(Mode.REPORT_SERVICE, null, null,
                    artifactRoot == null ? null : absolute(artifactRoot),
                    ReportServiceClient.checkedBase(reportUrl, "--report-url"));
        }
        if (kafka == null && mongo == null) {
            if (artifactRoot != null) {
                throw new IllegalArgumentException("--artifact-root applies with --kafka and --mongo (or --report-url); "
                        + "the local stack keeps artifacts in the run directory");
            }
            return new RunInfrastructure(Mode.LOCAL_STACK, null, null, null, null);
        }
        if (kafka == null) {
            throw new IllegalArgumentException("--mongo needs --kafka HOST:PORT too (the services need both; leave "
                    + "both out to start the local stack)");
        }
        if (mongo == null) {
            throw new IllegalArgumentException("--kafka needs --mongo mongodb://HOST:PORT too (the services need both; "
                    + "leave both out to start the local stack)");
        }
        return new RunInfrastructure(Mode.EXTERNAL, checkedKafka(kafka), checkedMongo(mongo),
                absolute(artifactRoot == null ? defaultArtifactRoot() : artifactRoot), null);
    }

    /**
     * The artifact directory of {@code headcount stack up}'s default state directory, so that a stack started
     * there and {@code run --kafka … --mongo …} agree without further options.
     */
    static Path defaultArtifactRoot() {
        return LocalStack.defaultDirectory().resolve("artifacts");
    }

    static String checkedKafka(String kafka) {
        for (String server : kafka.split(",", -1)) {
            var match = HOST_PORT.matcher(server.strip());
            int port = match.matches() ? Integer.parseInt(match.group(2)) : 0;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--kafka expects HOST:PORT[,HOST:PORT...] (bootstrap servers), "
                        + "was '" + kafka + "'");
            }
        }
        return kafka.replace(" ", "");
    }

    static String checkedMongo(String mongo) {
        if (!MONGO.matcher(mongo.strip()).matches()) {
            throw new IllegalArgumentException("--mongo expects a MongoDB connection string such as "
                    + "mongodb://HOST:27017, was '" + redacted(mongo) + "'");
        }
        return mongo.strip();
    }

    /** A connection string without its password, for messages. */
    static String redacted(String connection) {
        return connection.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
    }

    private static Path absolute(Path path) {
        return TaskLocations.expandHome(path.toString()).toAbsolutePath().normalize();
    }
}
