package dev.headcount.cli;

import dev.headcount.cli.remote.ExperimentText;
import dev.headcount.cli.remote.ReportServiceClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code headcount status [ID]}: the experiments of a running report-service, or one of them in detail. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"List the experiments of a running report-service (id, model, status, progress),",
                "or show one experiment: done/expected per stage, each stage's latest progress, failures."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ReportServiceOptions service;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "an experiment id")
    String experimentId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ReportServiceClient client = service.client();
        String text = experimentId == null ? ExperimentText.list(client.experiments())
                : ExperimentText.detail(client.experiment(experimentId), client);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
