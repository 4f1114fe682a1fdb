package dev.headcount.engine.checkpoint;

import dev.headcount.engine.model.ModelConfig;
import java.util.Map;

/** Weights in Hugging Face naming and layout ([out, in] linear weights), with the config that describes them. */
public record ImportedCheckpoint(ModelConfig config, Map<String, HostTensor> tensors) {

    public ImportedCheckpoint {
        tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
    }

    public HostTensor tensor(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in the imported checkpoint");
        }
        return t;
    }
}
