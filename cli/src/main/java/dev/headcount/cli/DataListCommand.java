package dev.headcount.cli;

import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.data.TaskSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code headcount data list}: built-in and configured tasks, with sizes and licences. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the built-in and configured tasks with split sizes and licences (fetches built-in data on first use).")
public class DataListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataLoadOptions loadOptions;

    @Option(names = "--no-sizes", description = "do not load the tasks, so nothing is fetched")
    boolean noSizes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TaskRegistry registry = TaskRegistry.fromEnvironment();
        out.printf("data cache: %s%n%n", registry.cache().root());
        int failures = 0;
        for (TaskSpec task : TaskRegistry.builtinSpecs()) {
            out.printf("%-26s %-8s %s%n", task.name(), task.kind().shortName(), task.description());
            out.printf("%-26s metrics: %s; licence: %s%n", "", metricIds(task), task.licence());
            if (!noSizes) failures += printSizes(out, registry, task.name());
        }
        Map<String, String> configured = registry.configured();
        if (!configured.isEmpty()) {
            out.printf("%nconfigured (%s / %s):%n", TaskRegistry.TASKS_PROPERTY, TaskRegistry.TASKS_ENV);
            for (Map.Entry<String, String> alias : configured.entrySet()) {
                out.printf("%-26s = %s%n", alias.getKey(), alias.getValue());
                if (!noSizes) failures += printSizes(out, registry, alias.getKey());
            }
        }
        out.printf("%nalso: glue/<cola|sst2|mrpc|stsb|qqp|mnli|qnli|rte|wnli>[=DIR] (without DIR: nyu-mll/glue from the Hugging Face Hub), "
                + "file:PATH?kind=single|pair|regression|mlm|contrastive, hf-dataset:ORG/NAME[/CONFIG][@REVISION]?kind=...%n");
        return failures == 0 ? 0 : 1;
    }

    private int printSizes(PrintWriter out, TaskRegistry registry, String name) {
        try {
            Task task = registry.load(name, loadOptions.toLoadOptions());
            StringBuilder sizes = new StringBuilder();
            task.splits().forEach((split, examples) -> sizes.append(split).append(' ').append(examples.size()).append("  "));
            out.printf("%-26s %s%n", "", sizes.toString().strip());
            return 0;
        } catch (IOException | RuntimeException e) {
            // one unavailable task (say, no npm) must not hide the others
            out.printf("%-26s unavailable: %s%n", "", e.getMessage());
            return 1;
        }
    }

    private static String metricIds(TaskSpec task) {
        return String.join(", ", task.metrics().stream().map(m -> m.id()).toList());
    }

}
