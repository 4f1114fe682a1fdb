package dev.headcount.cli;

import dev.headcount.engine.hub.HubClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code headcount} command: every subcommand a researcher runs from the terminal. */
@Command(name = "headcount", mixinStandardHelpOptions = true, version = "headcount 0.1.0",
        description = "Which attention heads of a BERT-family model can be laid off, and do they transfer?",
        subcommands = {InspectCommand.class, EmbedCommand.class, ImportanceCommand.class, DataCommand.class,
                FinetuneCommand.class, StackCommand.class, RunCommand.class, StatusCommand.class,
                ResultsCommand.class, ReportCommand.class, DoctorCommand.class, ReproduceCommand.class,
                SimulateCommand.class,
                dev.headcount.cli.bench.BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Headcount implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        HubClient.reportProgressTo(new DownloadBars());
        System.exit(commandLine().execute(args));
    }

    /** The command line with headcount's error handling: a readable message, no stack trace unless asked. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Headcount());
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("headcount: " + describe(ex));
            if (System.getenv("HEADCOUNT_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            }
            return 2;
        });
        return cli;
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
