package dev.headcount.cli;

import dev.headcount.localstack.LocalStack;
import dev.headcount.localstack.StackSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code headcount stack}: the local Kafka broker and MongoDB server the services run against. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Run the local stack: a Kafka broker (KRaft) and a MongoDB-wire server on 127.0.0.1.",
        subcommands = {StackCommand.Up.class})
public class StackCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: up");
    }

    /** {@code headcount stack up}: start both and stay up until Ctrl-C. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Start Kafka and MongoDB, print where they listen (also written to <dir>/stack.json) "
                    + "and stay up until Ctrl-C.", "Data survives a restart with the same --dir."})
    static class Up implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "state directory (default: ${DEFAULT-VALUE})")
        Path directory = LocalStack.defaultDirectory();

        @Option(names = "--kafka-port", paramLabel = "PORT",
                description = "Kafka port on 127.0.0.1, 0 for a free one (default: ${DEFAULT-VALUE})")
        int kafkaPort = StackSettings.USUAL_KAFKA_PORT;

        @Option(names = "--mongo-port", paramLabel = "PORT",
                description = "MongoDB port on 127.0.0.1, 0 for a free one (default: ${DEFAULT-VALUE})")
        int mongoPort = StackSettings.USUAL_MONGO_PORT;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            quietBrokerLogs();
            LocalStack.runUntilStopped(StackSettings.in(directory, kafkaPort, mongoPort), System.out);
            return 0;
        }

        /** The broker logs every state change at INFO; a terminal wants warnings only (unless asked otherwise). */
        private static void quietBrokerLogs() {
            for (String logger : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
                String property = "org.slf4j.simpleLogger.log." + logger;
                if (System.getProperty(property) == null) {
                    System.setProperty(property, "warn");
                }
            }
        }
    }
}
