package dev.headcount.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.ForwardOptions;
import java.util.Arrays;

/** Mean squared error of a one-output head (transformers' regression problem type). */
public final class RegressionObjective implements Objective {

    @Override
    public String name() {
        return "regression";
    }

    @Override
    public boolean separable() {
        return true;
    }

    @Override
    public LossResult loss(EncoderModel model, NDManager manager, TaskBatch batch, NDArray gates,
                           ForwardOptions options) {
        TaskBatch.Regression b = (TaskBatch.Regression) batch;
        EncoderOutput out = model.encode(manager, b.tokens(), gates, options);
        NDArray predicted = model.requireClassifier().logits(out, options.training())
                .reshape(b.size());
        NDArray perExample = predicted.sub(manager.create(b.targets())).square();
        boolean[] valid = new boolean[b.size()];
        Arrays.fill(valid, true);
        return LossResult.of(perExample.mean(), perExample, valid, predicted, b.tokens(), out);
    }
}
