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
        if (model != null && pretrainTask == null && pretrainText == null) {
            request.put("pretrainingTask", sotuFor((String) request.get("model"), (String) request.get("pretrainingTask")));
        }
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

    /**
     * The preset's State of the Union task in the form the model can be scored on: masked LM when the checkpoint
     * has an MLM head, consecutive sentence pairs (contrastive) otherwise. A model this machine cannot read (it
     * may live beside remote services) keeps the preset's task.
     */
    static String sotuFor(String model, String presetTask) {
        if (!presetTask.startsWith("builtin/sotu")) {
            return presetTask;
        }
        try {
            return MlmHeads.has(model) ? "builtin/sotu" : "builtin/sotu-pairs";
        } catch (java.io.IOException | RuntimeException unreadable) {
            return presetTask;
        }
    }
}
