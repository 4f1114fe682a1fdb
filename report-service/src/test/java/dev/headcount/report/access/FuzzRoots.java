package dev.headcount.report.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A temporary tree for the confinement: data and model roots with a file and a model directory inside, a directory
 * outside, and a symbolic link from inside the data root to outside.
 *
 * @param dataRoot   root for task data
 * @param modelRoot  root for models
 * @param corpus     an existing file inside the data root
 * @param model      an existing directory inside the model root
 * @param outside    a file outside every root
 * @param escape     a symbolic link inside the data root to the directory of {@code outside}
 */
record FuzzRoots(Path dataRoot, Path modelRoot, Path corpus, Path model, Path outside, Path escape) {

    static FuzzRoots create() {
        try {
            Path base = Files.createTempDirectory("headcount-confine").toRealPath();
            Path data = Files.createDirectories(base.resolve("data"));
            Path models = Files.createDirectories(base.resolve("models"));
            Path corpus = Files.writeString(data.resolve("corpus.txt"), "one line\n");
            Path model = Files.createDirectories(models.resolve("tiny-bert"));
            Path outsideDir = Files.createDirectories(base.resolve("outside"));
            Path outside = Files.writeString(outsideDir.resolve("secret.txt"), "not for requests\n");
            Path escape = Files.createSymbolicLink(data.resolve("escape"), outsideDir);
            return new FuzzRoots(data, models, corpus, model, outside, escape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Confinement confinement() {
        return new Confinement(List.of(dataRoot), List.of(modelRoot));
    }

    /** Paths the confinement must refuse, as data paths and as model paths. */
    List<String> badPaths() {
        return List.of(dataRoot + "/../outside/secret.txt", dataRoot + "/sub/../../outside/secret.txt",
                outside.toString(), "/etc/passwd", "/", "relative/corpus.txt", "corpus.txt",
                escape.resolve("secret.txt").toString(), escape.toString(), dataRoot.resolve("missing.txt").toString(),
                "~/corpus.txt");
    }
}
