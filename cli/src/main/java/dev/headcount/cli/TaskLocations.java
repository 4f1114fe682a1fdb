package dev.headcount.cli;

import dev.headcount.engine.checkpoint.BuiltinModels;
import dev.headcount.engine.checkpoint.HubModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the paths in a request absolute before it is submitted: the services resolve them, and they run in
 * another working directory (or on another machine that shares the file system). Handles a model directory,
 * {@code glue/<task>=DIR} and {@code name=file:PATH?...&dev=PATH}; built-in and {@code hf:} names and tasks pass
 * unchanged.
 * A leading {@code ~/} is expanded, since the shell does not expand it after {@code =}.
 */
final class TaskLocations {

    private TaskLocations() {
    }

    static String model(String model, Path workingDirectory) {
        if (model == null || BuiltinModels.isBuiltin(model) || HubModels.isHub(model)) {
            return model;
        }
        return absolute(model, workingDirectory);
    }

    static List<String> tasks(List<String> tasks, Path workingDirectory) {
        List<String> out = new ArrayList<>();
        tasks.forEach(task -> out.add(task(task, workingDirectory)));
        return out;
    }

    static String task(String spec, Path workingDirectory) {
        int equals = spec.indexOf('=');
        if (equals < 0) {
            return spec.strip();
        }
        String name = spec.substring(0, equals).strip();
        String location = spec.substring(equals + 1).strip();
        if (name.startsWith("glue/")) {
            return name + "=" + absolute(location, workingDirectory);
        }
        if (location.startsWith("file:")) {
            return name + "=" + fileLocation(location, workingDirectory);
        }
        return name + "=" + location;
    }

    /** {@code file:PATH?kind=K&dev=PATH}: both paths absolute, other parameters as they were. */
    static String fileLocation(String location, Path workingDirectory) {
        String rest = location.substring("file:".length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        StringBuilder out = new StringBuilder("file:").append(absolute(path, workingDirectory));
        if (query >= 0) {
            List<String> parameters = new ArrayList<>();
            for (String parameter : rest.substring(query + 1).split("&")) {
                parameters.add(parameter.startsWith("dev=")
                        ? "dev=" + absolute(parameter.substring("dev=".length()), workingDirectory) : parameter);
            }
            out.append('?').append(String.join("&", parameters));
        }
        return out.toString();
    }

    /**
     * The files an (already absolute) task spec names: the {@code glue/...} location, {@code file:PATH} and its
     * {@code dev=PATH}. The local report-service takes them as roots: naming them on this command line allows them.
     */
    static List<String> files(String spec) {
        List<String> files = new ArrayList<>();
        int equals = spec == null ? -1 : spec.indexOf('=');
        if (equals < 0) {
            return files;
        }
        String name = spec.substring(0, equals).strip();
        String location = spec.substring(equals + 1).strip();
        if (name.startsWith("glue/")) {
            files.add(location);
        } else if (location.startsWith("file:")) {
            String rest = location.substring("file:".length());
            int query = rest.indexOf('?');
            files.add(query < 0 ? rest : rest.substring(0, query));
            if (query >= 0) {
                for (String parameter : rest.substring(query + 1).split("&")) {
                    if (parameter.startsWith("dev=")) {
                        files.add(parameter.substring("dev=".length()));
                    }
                }
            }
        }
        return files;
    }

    static String absolute(String path, Path workingDirectory) {
        Path p = expandHome(path);
        return (p.isAbsolute() ? p : workingDirectory.resolve(p)).normalize().toString();
    }

    static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
