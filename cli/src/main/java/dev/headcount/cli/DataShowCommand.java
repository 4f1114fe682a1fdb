package dev.headcount.cli;

import dev.headcount.engine.data.Example;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.data.TaskSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code headcount data show TASK}: split sizes, label balance and a few examples per label. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a task's split sizes, label balance and a few examples per label.")
public class DataShowCommand implements Callable<Integer> {
    private static final int MAX_SHOWN_CHARS = 160;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "e.g. builtin/lt-acceptability, glue/rte=/data/RTE, file:/data/x.jsonl?kind=pair")
    String taskName;

    @Option(names = {"-n", "--examples"}, description = "examples shown per label (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int examplesPerLabel;

    @Mixin
    DataLoadOptions loadOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Task task;
        try {
            task = TaskRegistry.fromEnvironment().load(taskName, loadOptions.toLoadOptions());
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("cannot load " + taskName + ": " + e.getMessage());
            return 1;
        }
        TaskSpec taskSpec = task.spec();
        out.printf("%s (%s): %s%n", taskSpec.name(), taskSpec.kind().shortName(), taskSpec.description());
        out.printf("metrics: %s; max sequence length %d; licence: %s%n",
                String.join(", ", taskSpec.metrics().stream().map(m -> m.id()).toList()), taskSpec.maxSeqLength(), taskSpec.licence());
        for (Map.Entry<String, List<Example>> split : task.splits().entrySet()) {
            out.printf("%s: %d examples%s%n", split.getKey(), split.getValue().size(), balance(taskSpec, split.getValue()));
        }
        List<Example> train = task.train();
        if (taskSpec.kind().isClassification()) {
            for (int label = 0; label < taskSpec.labels().size(); label++) {
                out.printf("%n[%d = %s]%n", label, taskSpec.labels().get(label));
                int finalLabel = label;
                train.stream().filter(e -> e.label() == finalLabel).limit(examplesPerLabel).forEach(e -> out.println("  " + shown(e)));
            }
        } else {
            out.println();
            train.stream().limit(examplesPerLabel).forEach(e -> out.println("  " + shown(e)
                    + (Double.isNaN(e.target()) ? "" : "  -> " + e.target())));
        }
        return 0;
    }

    private static String balance(TaskSpec spec, List<Example> examples) {
        if (!spec.kind().isClassification() || examples.isEmpty()) return "";
        Map<Integer, Integer> counts = new TreeMap<>();
        examples.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
        StringBuilder s = new StringBuilder(" (");
        counts.forEach((label, count) -> s.append(s.length() > 2 ? ", " : "").append(spec.labels().get(label)).append(' ')
                .append(count).append(String.format(" = %.1f %%", 100.0 * count / examples.size())));
        return s.append(')').toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String shown(Example example) {
        String text = example.isPair() ? oneLine(example.textA()) + "  ||  " + oneLine(example.textB()) : oneLine(example.textA());
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "…";
    }
}
