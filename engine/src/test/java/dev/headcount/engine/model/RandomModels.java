package dev.headcount.engine.model;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ExpectedTensors;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.checkpoint.ModelDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Small random models in memory, for tests that need a model but not a checkpoint file. */
public final class RandomModels {

    private RandomModels() {
    }

    public static ModelConfig config(Architecture arch, int layers, int heads, int numLabels) {
        boolean albert = arch == Architecture.ALBERT;
        return new ModelConfig(arch, 50, 16, albert ? 8 : 16, layers, heads, 24,
                albert ? Activation.GELU_NEW : Activation.GELU, 1e-12f, 24, arch == Architecture.ROBERTA ? 1 : 2,
                arch == Architecture.ROBERTA ? 1 : 0, 1, 1, 0.1f, 0.1f, numLabels, new TreeMap<>());
    }

    public static Map<String, HostTensor> tensors(ModelConfig c, long seed) {
        Random rng = new Random(seed);
        ExpectedTensors e = ExpectedTensors.of(c);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map<String, long[]> group : java.util.List.of(e.encoder(), e.pooler(), e.classifier(), e.mlmHead())) {
            group.forEach((name, shape) -> {
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                float[] data = new float[(int) n];
                boolean gamma = name.endsWith("weight") && shape.length == 1;
                for (int i = 0; i < data.length; i++) {
                    data[i] = gamma ? 1f + 0.3f * (float) rng.nextGaussian() : 0.4f * (float) rng.nextGaussian();
                }
                out.put(name, new HostTensor(shape, data));
            });
        }
        return out;
    }

    public static EncoderModel model(ModelConfig c, long seed, NDManager manager) throws IOException {
        return ModelDirectory.fromTensors(c, tensors(c, seed), null, manager, "random model");
    }
}
