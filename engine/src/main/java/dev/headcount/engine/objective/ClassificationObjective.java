package dev.headcount.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.ForwardOptions;
import java.util.Arrays;

/** Cross-entropy of the sequence classifier (transformers' single_label_classification). */
public final class ClassificationObjective implements Objective {

    @Override
    public String name() {
        return "classification";
    }

    @Override
    public boolean separable() {
        return true;
    }

    @Override
    public LossResult loss(EncoderModel model, NDManager manager, TaskBatch batch, NDArray gates,
                           ForwardOptions options) {
        TaskBatch.Classification b = (TaskBatch.Classification) batch;
        EncoderOutput out = model.encode(manager, b.tokens(), gates, options);
        NDArray logits = model.requireClassifier().logits(out, options.training());
        NDArray perExample = Objective.crossEntropyRows(logits, manager.create(b.labels()));
        boolean[] valid = new boolean[b.size()];
        Arrays.fill(valid, true);
        return LossResult.of(perExample.mean(), perExample, valid, logits, b.tokens(), out);
    }
}
