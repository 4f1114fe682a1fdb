package dev.headcount.engine.training;

import dev.headcount.engine.data.Example;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.objective.TaskBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The training batches of each epoch, in a seeded order that differs from epoch to epoch. */
public interface TrainingBatches {

    /** Examples shuffled per epoch are length-bucketed within pools of this many batches. */
    int POOL_BATCHES = 50;

    List<? extends TaskBatch> epoch(int epoch);

    int batchesPerEpoch();

    /** Fixed batches whose order is shuffled every epoch. */
    static TrainingBatches shuffledOrder(List<? extends TaskBatch> batches, long seed) {
        List<TaskBatch> fixed = List.copyOf(batches);
        return new TrainingBatches() {
            @Override
            public List<? extends TaskBatch> epoch(int epoch) {
                List<TaskBatch> order = new ArrayList<>(fixed);
                Collections.shuffle(order, new Random(epochSeed(seed, epoch)));
                return order;
            }

            @Override
            public int batchesPerEpoch() {
                return fixed.size();
            }
        };
    }

    /**
     * Examples shuffled every epoch, then batched by length within pools of {@link #POOL_BATCHES}
     * batches (so padding stays small but batches differ between epochs), in shuffled batch order.
     */
    static TrainingBatches shuffledExamples(TaskSpec spec, List<Example> examples, TextTokenizer tokenizer,
                                            int batchSize, long seed) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("task " + spec.name() + ": no training examples");
        }
        List<Example> all = List.copyOf(examples);
        int pool = batchSize * POOL_BATCHES;
        return new TrainingBatches() {
            @Override
            public List<? extends TaskBatch> epoch(int epoch) {
                Random rng = new Random(epochSeed(seed, epoch));
                List<Example> order = new ArrayList<>(all);
                Collections.shuffle(order, rng);
                List<TaskBatch> batches = new ArrayList<>();
                for (int from = 0; from < order.size(); from += pool) {
                    List<Example> chunk = order.subList(from, Math.min(order.size(), from + pool));
                    batches.addAll(TaskBatches.forTask(spec, chunk, tokenizer, batchSize, epochSeed(seed, epoch) + from));
                }
                Collections.shuffle(batches, rng);
                return batches;
            }

            @Override
            public int batchesPerEpoch() {
                return (all.size() + batchSize - 1) / batchSize;
            }
        };
    }

    private static long epochSeed(long seed, int epoch) {
        return seed * 1_000_003L + epoch;
    }
}
