package dev.headcount.engine.importance;

import dev.headcount.engine.autograd.Finite;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.objective.Objective;
import dev.headcount.engine.objective.TaskBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Michel et al.'s head importance: for gates ξ = 1 on every head of every pass,
 * I[l,h] = E |∂L/∂ξ[l,h]|, from one backward pass per batch.
 */
public final class HeadImportanceEstimator {

    private final Granularity granularity;
    private final ForwardOptions options;

    /**
     * @param options usually evaluation mode (dropout off), as run_bertology; ALBERT's mask mode
     *     decides whether each pass has its own gates
     */
    public HeadImportanceEstimator(Granularity granularity, ForwardOptions options) {
        this.granularity = granularity;
        this.options = options.withAttentionEntropy(true);
    }

    /** Effective granularity for an objective: non-separable losses can only be scored per batch. */
    public Granularity granularityFor(Objective objective) {
        return objective.separable() ? granularity : Granularity.PER_BATCH;
    }

    /**
     * Scores the batches and returns the raw sums. {@code progress} receives the number of examples
     * done after each batch.
     */
    public ImportanceMap estimate(EncoderModel model, Objective objective, Iterable<? extends TaskBatch> batches,
                                  IntConsumer progress) {
        Granularity effective = granularityFor(objective);
        boolean perExample = effective == Granularity.PER_EXAMPLE;
        int passes = model.config().numLayers();
        int heads = model.config().numHeads();
        float[][] ones = new float[passes][heads];
        for (float[] row : ones) {
            Arrays.fill(row, 1f);
        }
        double[][] sum = new double[passes][heads];
        double[][] entropy = new double[passes][heads];
        long units = 0;
        List<float[]> rows = new ArrayList<>();
        long tokens = 0;
        int done = 0;
        for (TaskBatch batch : batches) {
            GateGradient.Result r = GateGradient.compute(model, objective, batch, ones, perExample, options);
            for (int i = 0; i < r.gradient().length; i++) {
                if (perExample && !r.valid()[i]) {
                    continue;
                }
                units++;
                float[] row = new float[passes * heads];
                for (int l = 0; l < passes; l++) {
                    for (int h = 0; h < heads; h++) {
                        float abs = Math.abs(r.gradient()[i][l][h]);
                        sum[l][h] += abs;
                        row[l * heads + h] = abs;
                    }
                }
                rows.add(row);
            }
            float[][] e = r.attentionEntropy();
            for (int l = 0; e != null && l < passes; l++) {
                for (int h = 0; h < heads; h++) {
                    entropy[l][h] += e[l][h];
                }
            }
            tokens += r.entropyTokens();
            done += batch.size();
            if (progress != null) {
                progress.accept(done);
            }
        }
        Finite.check(sum, "importance sum", "pass", "head");
        return new ImportanceMap(effective, sum, units, entropy, tokens, rows.toArray(new float[0][]));
    }
}
