package dev.headcount.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request body {@code headcount run} submits: a preset, with the model and tasks the options name. */
final class RunRequest {

    private RunRequest() {
    }

    /**
     * @param pretrainText plain text as the pre-training task instead of {@code pretrainTask} (at most one of them)
     * @param workingDirectory what relative paths are relative to
     */
    static Map<String, Object> of(String preset, String model, String pretrainTask, Path pretrainText,
                                  List<String> tasks, Path workingDirectory) {
        if (pretrainTask != null && pretrainText != null) {
            throw new IllegalArgumentException("--pretrain-task and --pretrain-text both name the pre-training task: "
                    + "give one");
        }
        Map<String, Object> request = new LinkedHashMap<>(ExperimentPresets.of(preset));
        if (model != null) {
            request.put("model", model);
        }
        request.put("model", TaskLocations.model((String) request.get("model"), workingDirectory));
        if (pretrainTask != null) {
            request.put("pretrainingTask", TaskLocations.task(pretrainTask, workingDirectory));
        }
        if (pretrainText != null) {
            request.put("pretrainingTask", PretrainingText.taskSpec(pretrainText, (String) request.get("model"),
                    workingDirectory));
        }
        if (tasks != null) {
            request.put("downstreamTasks", TaskLocations.tasks(tasks, workingDirectory));
        }
        return request;
    }
}
