package dev.headcount.cli;

import dev.headcount.cli.remote.ReportServiceClient;
import picocli.CommandLine.Option;

/** {@code --url}: the running report-service the {@code status}, {@code results} and {@code report} commands ask. */
final class ReportServiceOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:HEADCOUNT_URL:-" + ReportServiceClient.DEFAULT_URL
            + "}", description = "the report-service (default: $HEADCOUNT_URL, else " + ReportServiceClient.DEFAULT_URL
            + ")")
    String url;

    ReportServiceClient client() {
        return ReportServiceClient.of(url, "--url");
    }
}
