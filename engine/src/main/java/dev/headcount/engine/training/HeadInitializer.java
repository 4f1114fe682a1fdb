package dev.headcount.engine.training;

import dev.headcount.engine.checkpoint.ExpectedTensors;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.Parameters;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gives a model the classification (or regression, one label) head a task needs, initialised as
 * transformers initialises a new head: weights normal with std 0.02 ({@code initializer_range}),
 * biases zero; seeded.
 */
public final class HeadInitializer {

    static final double INITIALIZER_RANGE = 0.02;

    private HeadInitializer() {
    }

    /**
     * The model with a head of {@code numLabels} outputs. A checkpoint that already has one of that
     * size is returned as it is; otherwise the classifier (and RoBERTa's head dense, if absent) is
     * created — over the checkpoint's pooler where it has one, over mean pooling where it has none
     * (see {@link dev.headcount.engine.model.SequenceClassifier}) — and
     * a new model object over the same parameters is returned: use it instead of the argument,
     * which shares (and on close frees) the same weights.
     */
    public static EncoderModel withClassifier(EncoderModel model, int numLabels, long seed) {
        if (numLabels < 1) {
            throw new IllegalArgumentException("a task head needs at least 1 output, got " + numLabels);
        }
        if (model.config().numLabels() == numLabels && model.classifier().isPresent()) {
            return model;
        }
        ExpectedTensors expected = ExpectedTensors.of(model.config().withNumLabels(numLabels));
        Parameters params = model.parameters();
        SplittableRandom rng = new SplittableRandom(seed);
        boolean hasPooler = expected.pooler().keySet().stream().allMatch(params::has);
        // RoBERTa's classification head brings its own dense layer; BERT and ALBERT checkpoints without a
        // pooler (sentence embeddings) get mean pooling instead of a new, untrained tanh pooler
        if (!hasPooler && model.config().architecture() == Architecture.ROBERTA) {
            initialise(params, expected.pooler(), rng);
        }
        initialise(params, expected.classifier(), rng);
        return new EncoderModel(model.config().withNumLabels(numLabels), params, model.tokenizerFile().orElse(null));
    }

    private static void initialise(Parameters params, Map<String, long[]> group, SplittableRandom rng) {
        group.forEach((name, shape) -> {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            float[] data = new float[Math.toIntExact(n)];
            if (!name.endsWith("bias")) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (gaussian(rng) * INITIALIZER_RANGE);
                }
            }
            params.put(name, new HostTensor(shape, data));
        });
    }

    /** Box–Muller on SplittableRandom, so the head is the same on every JVM. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
