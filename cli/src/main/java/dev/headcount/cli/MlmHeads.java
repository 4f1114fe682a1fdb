package dev.headcount.cli;

import dev.headcount.engine.checkpoint.BuiltinModels;
import dev.headcount.engine.checkpoint.ExpectedTensors;
import dev.headcount.engine.checkpoint.HfConfig;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.checkpoint.SafeTensors;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a model has a masked-LM head, without loading it: built-ins say so themselves; a directory (or an
 * {@code hf:} model's cache snapshot) has one when its safetensors headers name the MLM-head tensors its
 * config implies (what {@link ModelDirectory} loads the head from).
 */
final class MlmHeads {

    private MlmHeads() {
    }

    static boolean has(String model) throws IOException {
        if (BuiltinModels.isBuiltin(model)) {
            return BuiltinModels.model(model).hasMlmHead();
        }
        Path directory = ModelSource.resolve(model);
        ModelConfig config = HfConfig.read(directory.resolve(ModelDirectory.CONFIG));
        Set<String> tensors = new HashSet<>();
        for (Path weights : ModelDirectory.weightFiles(directory)) {
            tensors.addAll(SafeTensors.header(weights).keySet());
        }
        return ExpectedTensors.of(config).mlmHead().keySet().stream().anyMatch(tensors::contains);
    }
}
