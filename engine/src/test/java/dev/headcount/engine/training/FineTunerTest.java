package dev.headcount.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.HfNames;
import dev.headcount.engine.model.RandomModels;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadId;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.engine.pruning.HeadPruner;
import dev.headcount.metrics.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTunerTest {

    private static final TaskSpec SPEC = new TaskSpec("synthetic/first-token", TaskKind.SINGLE_SENTENCE_CLASSIFICATION,
            List.of("low", "high"), List.of(Metric.ACCURACY, Metric.MATTHEWS_CORRELATION), 16,
            "label = whether tokens 1-3 are in the upper half of [10, 30)", "none");

    private static final TrainingConfig CONFIG = TrainingConfig.defaults().withEpochs(8).withLearningRate(5e-3)
            .withWarmupFraction(0.1).withSeed(7);

    /** [CLS]=2, three label-bearing tokens, three distractors, [SEP]=3: the label is whether they are >= 20. */
    static List<TaskBatch> batches(int count, int batchSize, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<TaskBatch> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            long[][] ids = new long[batchSize][8];
            long[][] mask = new long[batchSize][8];
            long[] labels = new long[batchSize];
            for (int r = 0; r < batchSize; r++) {
                labels[r] = rng.nextInt(2);
                ids[r][0] = 2;
                for (int t = 1; t < 4; t++) {
                    ids[r][t] = 10 + 10 * labels[r] + rng.nextInt(10);
                }
                for (int t = 4; t < 7; t++) {
                    ids[r][t] = 30 + rng.nextInt(20);
                }
                ids[r][7] = 3;
                java.util.Arrays.fill(mask[r], 1);
            }
            out.add(new TaskBatch.Classification(new TokenBatch(ids, mask, null), labels));
        }
        return out;
    }

    private static EncoderModel tinyModel(NDManager manager) throws Exception {
        // a checkpoint without a task head, as MiniLM is: the head is created here
        EncoderModel bare = RandomModels.model(RandomModels.config(Architecture.BERT, 2, 4, 0), 3, manager);
        return HeadInitializer.withClassifier(bare, 2, 11);
    }

    @Test
    void aTinyModelLearnsASeparableTaskAndTheLossFalls() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = tinyModel(manager)) {
            assertEquals(2, model.config().numLabels());
            List<TrainingEvent> events = new ArrayList<>();
            TrainingResult r = new FineTuner(CONFIG, events::add)
                    .train(model, SPEC, TrainingBatches.shuffledOrder(batches(16, 16, 1), 5), batches(4, 16, 2), null);
            List<Double> losses = r.stepLosses();
            double first = losses.subList(0, 8).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double last = losses.subList(losses.size() - 8, losses.size()).stream().mapToDouble(Double::doubleValue)
                    .average().orElseThrow();
            assertTrue(last < first / 3, "loss falls: " + first + " → " + last + "; " + r.evaluations());
            double accuracy = r.kept().evaluation().metric(Metric.ACCURACY);
            assertTrue(accuracy >= 0.9, "dev accuracy " + accuracy + " over " + r.evaluations());
            assertEquals(8 * 16, losses.size());
            assertEquals(8, r.evaluations().size());
            assertEquals(8 * 16 + 8, events.size(), "one event per step and per evaluation");
            assertTrue(events.stream().anyMatch(e -> e.kind() == TrainingEvent.Kind.EVALUATION
                    && e.devMetrics().containsKey(Metric.MATTHEWS_CORRELATION)));
            // the model ends with the kept weights, as plain (gradient-free) arrays
            assertFalse(model.parameters().get("classifier.weight").hasGradient());
        }
    }

    @Test
    void oneSeedGivesOneLearningCurve() throws Exception {
        List<List<Double>> curves = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = tinyModel(manager)) {
                curves.add(new FineTuner(CONFIG.withEpochs(2), null)
                        .train(model, SPEC, TrainingBatches.shuffledOrder(batches(8, 16, 1), 5), batches(2, 16, 2), null)
                        .stepLosses());
            }
        }
        assertEquals(curves.get(0), curves.get(1));
    }

    /**
     * PyTorch starts every thread with autograd on; a service trains on whatever worker thread it has,
     * so the optimizer must not depend on the thread's autograd state.
     */
    @Test
    void trainsOnAFreshThreadAsOnTheFirst() throws Exception {
        List<List<Double>> curves = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int run = 0; run < 2; run++) {
            Thread worker = new Thread(() -> {
                try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = tinyModel(manager)) {
                    curves.add(new FineTuner(CONFIG.withEpochs(1), null)
                            .train(model, SPEC, TrainingBatches.shuffledOrder(batches(4, 16, 1), 5), batches(2, 16, 2),
                                    null).stepLosses());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            worker.start();
            worker.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("training on a new thread failed", failure.get());
        }
        assertEquals(curves.get(0), curves.get(1));
    }

    @Test
    void maskedHeadsKeepTheirWeightsExactly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = tinyModel(manager)) {
            HeadMask mask = HeadMask.without(2, 4, List.of(new HeadId(0, 1), new HeadId(1, 0), new HeadId(1, 3)));
            Map<String, HostTensor> before = model.parameters().toHost();
            new FineTuner(CONFIG.withEpochs(2), null)
                    .train(model, SPEC, TrainingBatches.shuffledOrder(batches(8, 16, 1), 5), batches(2, 16, 2), mask);
            Map<String, HostTensor> after = model.parameters().toHost();
            HfNames names = new HfNames(Architecture.BERT);
            int d = model.config().headSize();
            int hidden = model.config().hiddenSize();
            for (HeadId id : mask.silenced()) {
                HfNames.LayerNames n = names.layer(id.layer());
                for (String projection : List.of(n.query(), n.key(), n.value())) {
                    float[] w0 = before.get(HfNames.weight(projection)).data();
                    float[] w1 = after.get(HfNames.weight(projection)).data();
                    for (int i = id.head() * d * hidden; i < (id.head() + 1) * d * hidden; i++) {
                        assertEquals(Float.floatToIntBits(w0[i]), Float.floatToIntBits(w1[i]), projection + " " + id);
                    }
                    float[] b0 = before.get(HfNames.bias(projection)).data();
                    float[] b1 = after.get(HfNames.bias(projection)).data();
                    for (int i = id.head() * d; i < (id.head() + 1) * d; i++) {
                        assertEquals(Float.floatToIntBits(b0[i]), Float.floatToIntBits(b1[i]), projection + " bias " + id);
                    }
                }
                float[] o0 = before.get(HfNames.weight(n.attentionOutput())).data();
                float[] o1 = after.get(HfNames.weight(n.attentionOutput())).data();
                for (int r = 0; r < hidden; r++) {
                    for (int c = id.head() * d; c < (id.head() + 1) * d; c++) {
                        assertEquals(Float.floatToIntBits(o0[r * hidden + c]), Float.floatToIntBits(o1[r * hidden + c]),
                                "output projection column " + c + " of " + id);
                    }
                }
            }
            // an unmasked head did train
            String query = HfNames.weight(names.layer(0).query());
            assertFalse(java.util.Arrays.equals(before.get(query).data(), after.get(query).data()));
        }
    }

    @Test
    void aPhysicallyPrunedModelFineTunesAndRoundTripsThroughItsCheckpoint(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel full = tinyModel(manager)) {
            HeadPruner.Result pruned = HeadPruner.prune(full,
                    List.of(new HeadId(0, 0), new HeadId(0, 1), new HeadId(1, 2)), manager);
            try (EncoderModel model = pruned.model()) {
                TrainingResult r = new FineTuner(CONFIG.withEpochs(2).withKeep(KeepPolicy.LAST, 0), null)
                        .train(model, SPEC, TrainingBatches.shuffledOrder(batches(8, 16, 1), 5), batches(2, 16, 2),
                                pruned.residualMask());
                assertTrue(r.stepLosses().stream().allMatch(l -> Double.isFinite(l)));
                ModelDirectory.save(model, dir);
                TokenBatch tokens = batches(1, 4, 9).get(0).tokens();
                try (EncoderModel reloaded = ModelDirectory.load(dir, manager)) {
                    assertEquals(model.config().prunedHeads(), reloaded.config().prunedHeads());
                    assertArrayEquals(logits(model, tokens), logits(reloaded, tokens), 0f);
                }
            }
        }
    }

    @Test
    void gradientAccumulationStepsOncePerGroup() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = tinyModel(manager)) {
            TrainingResult r = new FineTuner(CONFIG.withEpochs(1).withGradientAccumulation(3), null)
                    .train(model, SPEC, TrainingBatches.shuffledOrder(batches(7, 8, 1), 5), batches(1, 8, 2), null);
            assertEquals(3, r.stepLosses().size(), "7 micro-batches in groups of 3: 3, 3, 1");
        }
    }

    private static float[] logits(EncoderModel model, TokenBatch tokens) {
        try (NDManager m = model.newBatchManager()) {
            return model.requireClassifier()
                    .logits(model.encode(m, tokens, null, ForwardOptions.evaluation()), false)
                    .toFloatArray();
        }
    }
}
