package dev.headcount.report.access;

import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.TaskSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local files a request names must lie inside configured roots, so that a request cannot make the workers read
 * whatever they can see. Which parts of a request are files follows the workers' loaders (pipeline TaskLoading,
 * engine TaskRegistry and ModelSource): a model that is neither {@code builtin:} nor {@code hf:}; the location of a
 * {@code glue/...} task; a {@code file:PATH} location and its {@code dev=PATH}; a {@code glue/x=PATH} location.
 * Built-in task names, {@code hf-dataset:} names and aliases are names, not files.
 * <p>
 * A path must be absolute (the services do not share the client's working directory), contain no {@code ..}, exist,
 * and its real path (every symbolic link followed) must be inside the real path of a root.
 *
 * @param dataRoots  roots for task data
 * @param modelRoots roots for model directories
 */
public record Confinement(List<Path> dataRoots, List<Path> modelRoots) {
    /** The engine's model prefixes (BuiltinModels.PREFIX, HubModels.PREFIX); this module is DJL-free. */
    private static final List<String> MODEL_NAMES = List.of("builtin:", "hf:");
    private static final String FILE = "file:";
    private static final String GLUE = "glue/";

    public Confinement {
        dataRoots = List.copyOf(dataRoots);
        modelRoots = List.copyOf(modelRoots);
    }

    /** Roots as configured: {@code ~/} expanded, blanks ignored. */
    public static Confinement of(List<String> dataRoots, List<String> modelRoots) {
        return new Confinement(paths(dataRoots), paths(modelRoots));
    }

    private static List<Path> paths(List<String> roots) {
        List<Path> out = new ArrayList<>();
        for (String root : roots) {
            if (root == null || root.isBlank()) {
                continue;
            }
            String r = root.strip();
            if (r.equals("~") || r.startsWith("~/")) {
                r = System.getProperty("user.home") + r.substring(1);
            }
            out.add(Path.of(r).toAbsolutePath().normalize());
        }
        return out;
    }

    /** Problems, each naming the field and the path; empty when every file is inside its roots. */
    public List<String> check(ExperimentRequest request) {
        List<String> problems = new ArrayList<>();
        String model = request.model();
        if (model != null && !model.isBlank() && MODEL_NAMES.stream().noneMatch(model::startsWith)) {
            checkPath(problems, "model", "model directory", model, modelRoots, "headcount.confine.model-roots");
        }
        checkTask(problems, "pretrainingTask", request.pretrainingTask());
        for (int i = 0; i < request.downstreamTasks().size(); i++) {
            checkTask(problems, "downstreamTasks[" + i + "]", request.downstreamTasks().get(i));
        }
        return problems;
    }

    private void checkTask(List<String> problems, String field, TaskSpec task) {
        if (task == null || task.location() == null) {
            return;
        }
        List<String> files = task.name().startsWith(GLUE) ? List.of(task.location()) : files(task.location());
        for (String file : files) {
            checkPath(problems, field, "data path", file, dataRoots, "headcount.confine.data-roots");
        }
    }

    /** The files an engine task name reads: {@code file:PATH?...&dev=PATH}, {@code glue/x=PATH}. */
    static List<String> files(String location) {
        List<String> files = new ArrayList<>();
        if (location.startsWith(FILE)) {
            String rest = location.substring(FILE.length());
            int query = rest.indexOf('?');
            files.add(query < 0 ? rest : rest.substring(0, query));
            if (query >= 0) {
                for (String parameter : rest.substring(query + 1).split("&")) {
                    if (parameter.startsWith("dev=")) {
                        files.add(parameter.substring("dev=".length()));
                    }
                }
            }
        } else if (location.startsWith(GLUE) && location.indexOf('=') > 0) {
            files.add(location.substring(location.indexOf('=') + 1));
        }
        return files;
    }

    private static void checkPath(List<String> problems, String field, String what, String text, List<Path> roots,
                                  String key) {
        String prefix = field + ": " + what + " '" + text + "' ";
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            problems.add(prefix + "is not a path: " + e.getReason());
            return;
        }
        if (!path.isAbsolute()) {
            problems.add(prefix + "must be absolute (the services run in another directory; ./headcount makes paths "
                    + "absolute)");
            return;
        }
        for (Path segment : path) {
            if (segment.toString().equals("..")) {
                problems.add(prefix + "must not contain '..'");
                return;
            }
        }
        Path normal = path.normalize();
        boolean lexicallyInside = roots.stream().anyMatch(normal::startsWith);
        if (!lexicallyInside) {
            problems.add(prefix + "is outside the allowed roots " + roots + " (" + key + ")");
            return;
        }
        Path real;
        try {
            real = normal.toRealPath();
        } catch (IOException e) {
            problems.add(prefix + "does not exist (or cannot be read by the report-service)");
            return;
        }
        if (roots.stream().map(Confinement::real).noneMatch(root -> root != null && real.startsWith(root))) {
            problems.add(prefix + "leads outside the allowed roots " + roots + " through a symbolic link, to '" + real
                    + "' (" + key + ")");
        }
    }

    private static Path real(Path root) {
        try {
            return Files.exists(root) ? root.toRealPath() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
