package dev.headcount.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.RandomModels;
import dev.headcount.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * A fine-tune whose thread is interrupted (a stopping worker handing its unit back) stops before its next batch
 * instead of training on until the process exits.
 */
class FineTunerInterruptTest {

    @Test
    void anInterruptedFineTuneStopsBeforeItsNextBatch() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = HeadInitializer.withClassifier(RandomModels.model(
                     RandomModels.config(Architecture.BERT, 2, 4, 0), 3, manager), 2, 11)) {
            List<TrainingEvent> steps = new ArrayList<>();
            FineTuner tuner = new FineTuner(TrainingConfig.defaults().withEpochs(1).withSeed(7), event -> {
                steps.add(event);
                if (steps.size() == 2) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                CancellationException stopped = assertThrows(CancellationException.class, () -> tuner.train(model,
                        new TaskSpec("synthetic/first-token", TaskKind.SINGLE_SENTENCE_CLASSIFICATION,
                                List.of("low", "high"), List.of(Metric.ACCURACY), 16, "synthetic", "none"),
                        TrainingBatches.shuffledOrder(FineTunerTest.batches(8, 8, 1), 5),
                        FineTunerTest.batches(1, 8, 2), null));
                assertEquals(2, steps.size(), "no step after the interrupt");
                assertTrue(stopped.getMessage().contains("before step 3 (epoch 1, batch 3)"), stopped.getMessage());
            } finally {
                Thread.interrupted(); // in case it was not consumed: the next test on this thread must not see it
            }
        }
    }
}
