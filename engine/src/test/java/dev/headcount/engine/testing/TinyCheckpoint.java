package dev.headcount.engine.testing;

import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.model.ModelConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tiny model written to disk.
 *
 * @param config the configuration, built directly from the spec (not parsed back from config.json)
 * @param tensors every floating tensor stored in model.safetensors, with the values a reader decodes
 *     (for F16/BF16, the rounded values); the {@code position_ids} buffer is not included
 */
public record TinyCheckpoint(Path directory, TinySpec spec, ModelConfig config, Map<String, HostTensor> tensors) {

    public Path configFile() {
        return directory.resolve("config.json");
    }

    public Path weightsFile() {
        return directory.resolve("model.safetensors");
    }

    /** A reference encoder over exactly the stored weights. */
    public ReferenceEncoder reference() {
        return new ReferenceEncoder(config, tensors);
    }
}
