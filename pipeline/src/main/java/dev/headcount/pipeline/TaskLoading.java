package dev.headcount.pipeline;

import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.TaskSpec;
import java.io.IOException;

/**
 * Loads the task a request names ({@link TaskSpec}: a name and, optionally, where its data is) with the engine's
 * {@link TaskRegistry}. The loaded task always carries the request's name, whatever the location:
 * <ul>
 *   <li>no location ({@code builtin/spam}, {@code glue/cola} from the Hugging Face Hub): the registry's own name;</li>
 *   <li>{@code glue/<task>=DIR}: the registry reads it as written;</li>
 *   <li>any other {@code name=location} ({@code my/corpus=file:/data/books.txt?kind=mlm},
 *       {@code my/pairs=builtin/sotu?kind=contrastive}): the location is an engine task name, loaded under
 *       the request's name (like an alias of {@code HEADCOUNT_TASKS}).</li>
 * </ul>
 */
public final class TaskLoading {

    private final TaskRegistry registry;

    public TaskLoading(TaskRegistry registry) {
        this.registry = registry;
    }

    /** The registry of the environment ({@code headcount.data.dir}, {@code HEADCOUNT_TASKS}). */
    public static TaskLoading fromEnvironment() {
        return new TaskLoading(TaskRegistry.fromEnvironment());
    }

    public Task load(TaskSpec task, LoadOptions options) throws IOException {
        Task loaded;
        if (task.location() == null) {
            loaded = registry.load(task.name(), options);
        } else if (task.name().startsWith("glue/")) {
            loaded = registry.load(task.toString(), options);
        } else {
            loaded = registry.load(task.location(), options);
        }
        return loaded.name().equals(task.name()) ? loaded : new Task(loaded.spec().withName(task.name()), loaded.splits());
    }

    /** The spec (with location) of a task of the plan, by name. */
    public static TaskSpec specOf(ExperimentPlan plan, String taskName) {
        if (plan.request().pretrainingTask() != null && plan.request().pretrainingTask().name().equals(taskName)) {
            return plan.request().pretrainingTask();
        }
        return plan.request().downstreamTasks().stream().filter(t -> t.name().equals(taskName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("task " + taskName + " is not a task of experiment "
                        + plan.experimentId() + " (its tasks: " + plan.request().taskNames() + ")"));
    }
}
