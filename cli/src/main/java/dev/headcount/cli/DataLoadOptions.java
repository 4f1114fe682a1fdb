package dev.headcount.cli;

import dev.headcount.engine.data.LoadOptions;
import picocli.CommandLine.Option;

/** The size caps and seed shared by the data subcommands. */
public class DataLoadOptions {
    @Option(names = "--max-train", description = "cap on train examples, 0 = all (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int maxTrain;

    @Option(names = "--max-dev", description = "cap on dev examples, 0 = all (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int maxDev;

    @Option(names = "--seed", description = "seed for splits and caps (default: ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;

    LoadOptions toLoadOptions() {
        return new LoadOptions(maxTrain, maxDev, seed);
    }
}
