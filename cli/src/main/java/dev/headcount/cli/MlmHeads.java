package dev.headcount.cli;

import dev.headcount.engine.checkpoint.BuiltinModels;
import dev.headcount.engine.checkpoint.ExpectedTensors;
import dev.headcount.engine.checkpoint.HfConfig;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.checkpoint.SafeTensors;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Whether a model has a masked-LM head, without loading it: built-ins say so themselves; a directory has one
 * when its safetensors header names the MLM-head tensors its config implies (what {@link ModelDirectory} loads
 * the head from).
 */
final class MlmHeads {

    private MlmHeads() {
    }

    static boolean has(String model) throws IOException {
        if (BuiltinModels.isBuiltin(model)) {
            return BuiltinModels.model(model).hasMlmHead();
        }
        Path directory = Path.of(model);
        ModelConfig config = HfConfig.read(directory.resolve(ModelDirectory.CONFIG));
        Set<String> tensors = SafeTensors.header(directory.resolve(ModelDirectory.WEIGHTS)).keySet();
        return ExpectedTensors.of(config).mlmHead().keySet().stream().anyMatch(tensors::contains);
    }
}
