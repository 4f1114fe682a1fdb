package dev.headcount.cli;

import dev.headcount.cli.remote.ReportServiceClient;
import picocli.CommandLine.Option;

/** {@code --url} and {@code --token}: the running report-service the {@code status}, {@code results} and {@code report} commands ask. */
final class ReportServiceOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:HEADCOUNT_URL:-" + ReportServiceClient.DEFAULT_URL
            + "}", description = "the report-service (default: $HEADCOUNT_URL, else " + ReportServiceClient.DEFAULT_URL
            + ")")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:HEADCOUNT_AUTH_TOKEN}",
            description = "the report-service's bearer token, when it has one (default: $HEADCOUNT_AUTH_TOKEN)")
    String token;

    ReportServiceClient client() {
        return ReportServiceClient.of(url, "--url", token);
    }
}
