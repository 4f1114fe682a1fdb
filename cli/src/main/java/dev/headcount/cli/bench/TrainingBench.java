package dev.headcount.cli.bench;

import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.metrics.Metric;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.training.FineTuner;
import dev.headcount.engine.training.KeepPolicy;
import dev.headcount.engine.training.TrainingBatches;
import dev.headcount.engine.training.TrainingConfig;
import dev.headcount.engine.training.TrainingEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The standard benchmark's training figure (docs/benchmarks.md): sequence classification with 2 labels on the
 * synthetic ids, one optimizer step (forward + backward + clipping + AdamW) per batch, timed through
 * the real fine-tuning loop.
 */
final class TrainingBench {

    private static final TaskSpec SPEC = new TaskSpec("bench/synthetic", TaskKind.SINGLE_SENTENCE_CLASSIFICATION,
            List.of("even", "odd"), List.of(Metric.ACCURACY), 128, "synthetic benchmark ids", "none");

    private TrainingBench() {
    }

    /** Step times after {@code warmup} steps, and the resident memory (MiB) after every step. */
    record Result(Timings timings, List<Double> residentMiB) {
        String memory() {
            int n = residentMiB.size();
            double first = residentMiB.get(0);
            double last = residentMiB.get(n - 1);
            double peak = residentMiB.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            String text = String.format("resident %.0f MiB after step 1, %.0f MiB after step %d (%+.0f MiB), peak %.0f MiB",
                    first, last, n, last - first, peak);
            if (n >= 20) {
                // a long run: where the growth happens (AdamW's moments and the allocator's pools come in the first
                // steps; a leak would keep growing through the second half)
                int tenth = n / 10;
                int half = n / 2;
                text += String.format("; after step %d: %.0f MiB, step %d: %.0f MiB, second half %+.0f MiB", tenth,
                        residentMiB.get(tenth - 1), half, residentMiB.get(half - 1), last - residentMiB.get(half - 1));
            }
            return text;
        }
    }

    static Result measure(EncoderModel model, int batch, int length, int warmup, int iterations) {
        TokenBatch ids = SyntheticIds.batch(batch, length);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 2;
        }
        TaskBatch.Classification one = new TaskBatch.Classification(ids, labels);
        List<TaskBatch> steps = Collections.nCopies(warmup + iterations, one);
        TrainingConfig config = new TrainingConfig(1, batch, 1, length, 5e-5, 0.01, 0.0, 0.9, 0.999, 1e-8, 1.0, 0,
                KeepPolicy.LAST, 0, 42);
        List<Long> stamps = new ArrayList<>();
        List<Double> resident = new ArrayList<>();
        stamps.add(System.nanoTime());
        new FineTuner(config, event -> {
            if (event.kind() == TrainingEvent.Kind.STEP) {
                stamps.add(System.nanoTime());
                resident.add(MachineLoad.residentMiB());
            }
        }).train(model, SPEC, TrainingBatches.shuffledOrder(steps, 42), List.of(one), null);
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            seconds[i] = (stamps.get(warmup + i + 1) - stamps.get(warmup + i)) / 1e9;
        }
        return new Result(new Timings(seconds), resident);
    }
}
