package dev.headcount.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code headcount data}: what data the tasks have. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "List the tasks and show their data.",
        subcommands = {DataListCommand.class, DataShowCommand.class})
public class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: list or show");
    }
}
