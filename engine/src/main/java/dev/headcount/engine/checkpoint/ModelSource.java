package dev.headcount.engine.checkpoint;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.model.EncoderModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens a model named on a command line or in a request: a directory, {@code builtin:NAME}, or
 * {@code hf:ORG/NAME[@REVISION]} from the Hugging Face cache (downloaded into it when missing).
 */
public final class ModelSource {

    private ModelSource() {
    }

    /** The Hugging Face directory behind a model name (built-ins are converted and cached on first use). */
    public static Path resolve(String spec) throws IOException {
        if (BuiltinModels.isBuiltin(spec)) {
            return BuiltinModels.resolve(spec);
        }
        if (HubModels.isHub(spec)) {
            return HubModels.fromEnvironment().resolve(spec);
        }
        return Path.of(spec);
    }

    public static EncoderModel open(String spec, NDManager manager) throws IOException {
        return ModelDirectory.load(resolve(spec), manager);
    }
}
