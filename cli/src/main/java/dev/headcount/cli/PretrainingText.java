package dev.headcount.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --pretrain-text FILE}: plain text (a {@code .txt} file, or a folder of them) as the pre-training task.
 * Masked LM needs the model's MLM head; a model without one (the built-in MiniLM) is scored with the contrastive
 * objective on consecutive sentence pairs of the same text instead.
 */
final class PretrainingText {

    private PretrainingText() {
    }

    /** The request's task spec: {@code text/<name>=file:ABS_PATH?kind=mlm|contrastive}. */
    static String taskSpec(Path text, String model, Path workingDirectory) {
        Path file = Path.of(TaskLocations.absolute(text.toString(), workingDirectory));
        if (!Files.isRegularFile(file) && !Files.isDirectory(file)) {
            throw new IllegalArgumentException("--pretrain-text: no such file or folder " + file);
        }
        if (file.toString().contains("?")) {
            throw new IllegalArgumentException("--pretrain-text: the path may not contain '?' (it starts the task's "
                    + "parameters): " + file);
        }
        boolean mlm;
        try {
            mlm = MlmHeads.has(model);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--pretrain-text: cannot tell whether " + model + " has a masked-LM "
                    + "head (" + e.getMessage() + "); name the task with --pretrain-task NAME=file:" + file
                    + "?kind=mlm (or kind=contrastive) instead", e);
        }
        return "text/" + taskName(file) + "=file:" + file + "?kind=" + (mlm ? "mlm" : "contrastive");
    }

    /** The file's name without extension, in the characters a task name segment allows, starting with a letter. */
    static String taskName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.isEmpty()) {
            return "corpus";
        }
        return Character.isLetter(name.charAt(0)) ? name : "t" + name;
    }
}
