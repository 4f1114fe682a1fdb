package dev.headcount.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.autograd.Autograd;
import dev.headcount.engine.autograd.NonFiniteException;
import dev.headcount.engine.checkpoint.BuiltinModels;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.checkpoint.MavenArtifact;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.RandomModels;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadId;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.engine.testing.ForcedCollection;
import dev.headcount.metrics.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning steps with a full garbage collection inside every forward→backward window give the
 * same weights, bit for bit, as without it: AdamW, clipping, gradient accumulation, dropout and
 * frozen (masked) heads included. And a run whose numbers go non-finite stops, naming the step.
 */
class FineTuningUnderCollectionTest {

    private static final TaskSpec CLASSES = new TaskSpec("synthetic/first-token", TaskKind.SINGLE_SENTENCE_CLASSIFICATION,
            List.of("low", "high"), List.of(Metric.ACCURACY), 16, "synthetic", "none");
    private static final TaskSpec PAIRS = new TaskSpec("synthetic/pairs", TaskKind.CONTRASTIVE_PAIRS,
            List.of(), List.of(Metric.RETRIEVAL_ACCURACY), 16, "synthetic", "none");
    /** 3 optimizer steps of 2 micro-batches each, clipping at 1 (it engages with this learning rate). */
    private static final TrainingConfig CONFIG = TrainingConfig.defaults().withEpochs(1).withLearningRate(1e-2)
            .withWarmupFraction(0).withGradientAccumulation(2).withSeed(5);

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @AfterEach
    void noHook() {
        Autograd.runBeforeBackward(null);
    }

    @Test
    void bertRobertaAndAlbertClassifiersUnderAHeadMask() throws Exception {
        HeadMask mask = HeadMask.without(3, 4, List.of(new HeadId(0, 1), new HeadId(2, 3)));
        for (Architecture arch : Architecture.values()) {
            assertSameWeightsUnderCollection(() -> RandomModels.model(RandomModels.config(arch, 3, 4, 2), 23, manager),
                    CLASSES, FineTunerTest.batches(6, 4, 8), mask, arch + " classification");
        }
    }

    @Test
    void contrastivePairs() throws Exception {
        List<TaskBatch> pairs = FineTunerTest.batches(6, 4, 9).stream()
                .map(b -> (TaskBatch) new TaskBatch.Pairs(b.tokens(), shifted(b.tokens()))).toList();
        assertSameWeightsUnderCollection(() -> RandomModels.model(RandomModels.config(Architecture.BERT, 2, 4, 0), 29,
                manager), PAIRS, pairs, null, "BERT contrastive");
    }

    @Test
    void builtInMiniLmWithANewClassifier() throws Exception {
        BuiltinModels.BuiltinModel builtin = BuiltinModels.model("builtin:all-MiniLM-L6-v2");
        Assumptions.assumeTrue(Files.isRegularFile(builtin.artifact().jarIn(MavenArtifact.localRepository())),
                "the built-in MiniLM's artifact is not in the local Maven repository");
        assertSameWeightsUnderCollection(() -> HeadInitializer.withClassifier(
                        ModelSource.open(builtin.reference(), manager), 2, 3),
                CLASSES, FineTunerTest.batches(4, 4, 10), null, "MiniLM classification");
    }

    /** The symptom: losses turned NaN and the run still reported success and saved the model. */
    @Test
    void aDivergingRunStopsAtTheFirstNonFiniteNumberAndNamesTheStep(@TempDir Path dir) throws Exception {
        TrainingConfig diverging = TrainingConfig.defaults().withEpochs(4).withLearningRate(1e30)
                .withWarmupFraction(0).withSeed(5);
        try (EncoderModel model = RandomModels.model(RandomModels.config(Architecture.BERT, 2, 4, 2), 31, manager)) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> new FineTuner(diverging, null)
                    .train(model, CLASSES, TrainingBatches.shuffledOrder(FineTunerTest.batches(4, 4, 11), 1),
                            FineTunerTest.batches(1, 4, 12), null));
            assertTrue(e.getMessage().matches(".*(step \\d+ \\(epoch \\d+, batch \\d+\\)).*"), e.getMessage());
            // and a model with non-finite weights is never written
            Map<String, HostTensor> weights = model.parameters().toHost();
            boolean poisoned = weights.values().stream().anyMatch(t -> {
                for (float v : t.data()) {
                    if (!Float.isFinite(v)) {
                        return true;
                    }
                }
                return false;
            });
            if (poisoned) {
                assertThrows(NonFiniteException.class, () -> ModelDirectory.save(model, dir.resolve("model")));
                assertTrue(Files.notExists(dir.resolve("model")), "nothing written");
            }
        }
    }

    interface ModelFactory {
        EncoderModel open() throws Exception;
    }

    private static void assertSameWeightsUnderCollection(ModelFactory factory, TaskSpec spec, List<TaskBatch> train,
                                                         HeadMask mask, String what) throws Exception {
        Map<String, HostTensor> quiet = trained(factory, spec, train, mask, false);
        Map<String, HostTensor> collected = trained(factory, spec, train, mask, true);
        assertEquals(quiet.keySet(), collected.keySet());
        quiet.forEach((name, t) -> assertArrayEquals(t.data(), collected.get(name).data(), 0f,
                what + ": " + name + " differs after collections inside forward→backward"));
    }

    private static Map<String, HostTensor> trained(ModelFactory factory, TaskSpec spec, List<TaskBatch> train,
                                                   HeadMask mask, boolean collect) throws Exception {
        try (EncoderModel model = factory.open()) {
            Map<String, HostTensor> before = model.parameters().toHost();
            Autograd.runBeforeBackward(collect ? ForcedCollection::now : null);
            TrainingResult r = new FineTuner(CONFIG.withKeep(KeepPolicy.LAST, 0), null)
                    .train(model, spec, TrainingBatches.shuffledOrder(train, 3), train.subList(0, 1), mask);
            Autograd.runBeforeBackward(null);
            assertEquals(train.size() / 2, r.stepLosses().size());
            Map<String, HostTensor> after = model.parameters().toHost();
            assertTrue(after.entrySet().stream().anyMatch(e ->
                    !java.util.Arrays.equals(e.getValue().data(), before.get(e.getKey()).data())), "training moved weights");
            return after;
        }
    }

    private static TokenBatch shifted(TokenBatch t) {
        long[][] ids = new long[t.inputIds().length][];
        for (int r = 0; r < ids.length; r++) {
            ids[r] = t.inputIds()[r].clone();
            for (int c = 1; c < ids[r].length - 1; c++) {
                ids[r][c] = 10 + (ids[r][c] + 7) % 40;
            }
        }
        return new TokenBatch(ids, t.attentionMask(), null);
    }
}
