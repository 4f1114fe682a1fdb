package dev.headcount.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.pruning.HeadId;
import dev.headcount.engine.pruning.HeadPruner;
import dev.headcount.engine.training.HeadInitializer;
import dev.headcount.events.WorkUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Seconds per unit of {@code WorkPlan.cost} for each kind of unit, measured on the spot with the benchmark's
 * synthetic ids, for {@code headcount simulate} where no run recorded its units. The cost counts example passes
 * with a backward pass as two forward ones, so: a training example costs 3 (one optimizer step of a batch / batch
 * / 3), a scoring example 3 (forward + backward to the gates), an evaluated example 1 (forward without gradient),
 * and a pruned model 1 (pruning half the heads, once). Loading models and data, which real units also do, is left
 * out: the estimate is a lower bound of each unit and leaves the ratios between units as the cost model has them.
 *
 * @param secondsPerCost seconds per cost unit of each kind of unit
 */
public record UnitRates(Map<WorkUnit.Kind, Double> secondsPerCost, String description) {

    /**
     * @param trainBatch the fine-tuning batch size; {@code scoreBatch} the importance batch size; lengths are all
     *                   {@code length} tokens (the fine-tuning maximum length)
     */
    public static UnitRates measure(String modelName, int trainBatch, int scoreBatch, int evalBatch, int length,
                                    int iterations) throws Exception {
        Map<WorkUnit.Kind, Double> rates = new EnumMap<>(WorkUnit.Kind.class);
        double loadBefore = MachineLoad.loadAverage();
        try (NDManager manager = Devices.newBaseManager();
             EncoderModel model = ModelSource.open(modelName, manager)) {
            TokenBatch scoreIds = SyntheticIds.batch(scoreBatch, length);
            double score = Timings.measure(1, iterations, () -> ScoringStep.run(model, scoreIds)).median();
            rates.put(WorkUnit.Kind.SCORE, score / scoreBatch / 3);
            TokenBatch evalIds = SyntheticIds.batch(evalBatch, length);
            double evaluate = Timings.measure(1, iterations, () -> ScoringStep.infer(model, evalIds)).median();
            rates.put(WorkUnit.Kind.EVALUATE, evaluate / evalBatch);
            List<HeadId> half = new ArrayList<>();
            for (int l = 0; l < model.config().numLayers(); l++) {
                for (int h = 0; h < model.config().numHeads() / 2; h++) {
                    half.add(new HeadId(l, h));
                }
            }
            long t0 = System.nanoTime();
            try (EncoderModel pruned = HeadPruner.prune(model, half, manager).model()) {
                // only the time it takes to make the pruned model matters
            }
            double pruning = (System.nanoTime() - t0) / 1e9;
            rates.put(WorkUnit.Kind.PRUNE, pruning);
            // last: it adds a classification head and changes the weights
            EncoderModel classifier = HeadInitializer.withClassifier(model, 2, 42);
            double step = TrainingBench.measure(classifier, trainBatch, length, 1, iterations).timings().median();
            rates.put(WorkUnit.Kind.FINETUNE, step / trainBatch / 3);
            return new UnitRates(rates, String.format(java.util.Locale.ROOT,
                    "rates measured now on %s (%d cores, load average %.1f at start, %.1f at end): fine-tune step B=%d %.0f ms, scoring batch B=%d %.0f ms, "
                            + "evaluation batch B=%d %.0f ms, pruning %.0f ms, all at %d tokens",
                    modelName, Runtime.getRuntime().availableProcessors(), loadBefore, MachineLoad.loadAverage(), trainBatch, step * 1e3, scoreBatch,
                    score * 1e3, evalBatch, evaluate * 1e3, pruning * 1e3, length));
        }
    }
}
