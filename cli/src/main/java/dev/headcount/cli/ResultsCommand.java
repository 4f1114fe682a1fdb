package dev.headcount.cli;

import dev.headcount.cli.remote.ResultsText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code headcount results ID}: the key tables of an experiment's report, compactly. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print an experiment's findings and its coherence, prunability and fine-tuning tables "
                + "(from the report-service's JSON report; the full report: headcount report ID).")
final class ResultsCommand implements Callable<Integer> {

    @Mixin
    ReportServiceOptions service;

    @Parameters(index = "0", paramLabel = "ID", description = "an experiment id")
    String experimentId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        spec.commandLine().getOut().print(ResultsText.render(service.client().reportJson(experimentId)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
