package dev.headcount.cli;

import dev.headcount.cli.remote.ReportFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code headcount report ID}: an experiment's report as the report-service renders it, printed or saved. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print or save an experiment's report (Markdown or JSON) as it stands.",
                "The API's Markdown has no figures; ./headcount run copies the stored report with its figures."})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    ReportServiceOptions service;

    @Parameters(index = "0", paramLabel = "ID", description = "an experiment id")
    String experimentId;

    @Option(names = "--format", paramLabel = "md|json", defaultValue = "md",
            description = "md or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write the report to FILE instead of printing it")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReportFormat chosen = ReportFormat.parse(format);
        String report = service.client().report(experimentId, chosen);
        if (out == null) {
            spec.commandLine().getOut().print(report.endsWith("\n") ? report : report + "\n");
            spec.commandLine().getOut().flush();
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, report, StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("headcount: wrote " + out);
        }
        return 0;
    }
}
