package dev.headcount.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.Batching;
import dev.headcount.engine.data.Example;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.pruning.HeadId;
import dev.headcount.engine.pruning.HeadPruner;
import dev.headcount.engine.training.HeadInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the standard benchmark's figures (the workload is defined in the README's Benchmarks section) for each model. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark importance scoring, pruned inference, memory, length bucketing and training (see README).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--models", split = ",", defaultValue = "builtin:all-MiniLM-L6-v2,builtin:bert-base-uncased")
    List<String> models;

    @Option(names = "--sections", split = ",", defaultValue = "scoring,inference,recording,bucketing,memory,training",
            description = "any of scoring, inference, recording, bucketing, memory, training (default: all)")
    List<String> sections;

    @Option(names = "--iterations", defaultValue = "5", description = "measured iterations (median reported)")
    int iterations;

    @Option(names = "--text", description = "real text for the bucketing section, one sentence per line")
    Path text;

    @Option(names = "--task", defaultValue = "builtin/sotu",
            description = "real text for the bucketing section when --text is not given (default ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--memory-examples", defaultValue = "5000")
    int memoryExamples;

    @Option(names = "--training-steps", defaultValue = "0",
            description = "optimizer steps whose resident memory the training section follows (default: warm-up + iterations)")
    int trainingSteps;

    @Override
    public Integer call() throws Exception {
        System.out.printf("headcount bench — %d cores, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), MachineLoad.loadAverage());
        for (String name : models) {
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel model = ModelSource.open(name, manager)) {
                boolean small = model.config().hiddenSize() < 768;
                int batch = small ? 32 : 8;
                System.out.printf("%n== %s (%d layers × %d heads, hidden %d)%n", name, model.config().numLayers(),
                        model.config().numHeads(), model.config().hiddenSize());
                if (sections.contains("scoring")) {
                    scoring(model, batch);
                }
                if (sections.contains("inference")) {
                    inference(model, batch, manager);
                }
                if (sections.contains("recording")) {
                    recording(model, batch);
                }
                if (sections.contains("bucketing")) {
                    bucketing(model, name);
                }
                if (sections.contains("memory")) {
                    memory(model, batch);
                }
                if (sections.contains("training")) {
                    // last: it adds a classification head and changes the weights
                    training(model, batch, manager);
                }
            }
        }
        System.out.printf("%nload average %.2f at end%n", MachineLoad.loadAverage());
        return 0;
    }

    private void scoring(EncoderModel model, int batch) {
        System.out.println("importance scoring (forward + backward to the gates), examples/second:");
        for (int length : new int[] {128, 64}) {
            TokenBatch ids = SyntheticIds.batch(batch, length);
            Timings gatesOnly = Timings.measure(1, iterations, () -> ScoringStep.run(model, ids));
            ScoringStep.weightGradients(model, true);
            Timings withWeights = Timings.measure(1, iterations, () -> ScoringStep.run(model, ids));
            ScoringStep.weightGradients(model, false);
            System.out.printf("  B=%d L=%d  gates only %7.1f ex/s [%s]   with weight gradients %7.1f ex/s [%s]%n",
                    batch, length, batch / gatesOnly.median(), gatesOnly.millis(), batch / withWeights.median(),
                    withWeights.millis());
        }
    }

    private void inference(EncoderModel model, int batch, NDManager manager) throws Exception {
        int length = 128;
        TokenBatch ids = SyntheticIds.batch(batch, length);
        double baseFlops = Flops.forward(model.config(), length);
        System.out.printf("inference B=%d L=%d, no gradient (unpruned and pruned measured alternately):%n", batch, length);
        for (double fraction : new double[] {0.25, 0.5, 0.75}) {
            int perLayer = (int) Math.round(fraction * model.config().numHeads());
            List<HeadId> heads = new ArrayList<>();
            for (int l = 0; l < model.config().numLayers(); l++) {
                for (int h = 0; h < perLayer; h++) {
                    heads.add(new HeadId(l, h));
                }
            }
            try (EncoderModel pruned = HeadPruner.prune(model, heads, manager).model()) {
                Timings[] pair = Timings.alternate(1, iterations, () -> ScoringStep.infer(model, ids),
                        () -> ScoringStep.infer(pruned, ids));
                double measured = pair[0].median() / pair[1].median();
                double predicted = baseFlops / Flops.forward(pruned.config(), length);
                System.out.printf("  pruned %2.0f%%  %s vs unpruned %s: speed-up %.2f×, FLOP prediction %.2f×"
                        + " (%.0f%% of the predicted gain)%n", fraction * 100, pair[1].millis(), pair[0].millis(),
                        measured, predicted, 100 * (measured - 1) / (predicted - 1));
            }
        }
    }

    private void training(EncoderModel model, int batch, NDManager manager) throws Exception {
        int length = 128;
        EncoderModel classifier = HeadInitializer.withClassifier(model, 2, 42);
        List<HeadId> half = new ArrayList<>();
        int perLayer = model.config().numHeads() / 2;
        for (int l = 0; l < model.config().numLayers(); l++) {
            for (int h = 0; h < perLayer; h++) {
                half.add(new HeadId(l, h));
            }
        }
        // pruned before the unpruned run trains, so both start from the same weights
        try (EncoderModel pruned = HeadPruner.prune(classifier, half, manager).model()) {
            TrainingBench.Result fullRun = TrainingBench.measure(classifier, batch, length, 1,
                    Math.max(iterations, trainingSteps - 1));
            TrainingBench.Result prunedRun = TrainingBench.measure(pruned, batch, length, 1, iterations);
            Timings full = fullRun.timings();
            Timings smaller = prunedRun.timings();
            System.out.printf("training B=%d L=%d, 2 labels, forward + backward + AdamW step, examples/second:%n"
                    + "  unpruned      %7.1f ex/s [%s per step]%n  pruned 50%%    %7.1f ex/s [%s per step]"
                    + "   speed-up %.2f×%n", batch, length, batch / full.median(), full.millis(),
                    batch / smaller.median(), smaller.millis(), full.median() / smaller.median());
            System.out.printf("  unpruned: %s%n  pruned:   %s%n", fullRun.memory(), prunedRun.memory());
        }
    }

    /**
     * An evaluation forward pass on a worker thread, where PyTorch records a graph unless told not to
     * (its grad mode is per thread and on by default; DJL turns it off only on the thread that started
     * the engine). Recording on is how every service worker evaluated before {@code Autograd.noGrad}.
     */
    private void recording(EncoderModel model, int batch) throws Exception {
        TokenBatch ids = SyntheticIds.batch(batch, 128);
        Timings[][] result = new Timings[1][];
        double[][] memory = new double[2][iterations];
        Thread worker = new Thread(() -> {
            int[] run = new int[2];
            result[0] = Timings.alternate(1, iterations,
                    () -> memory[0][Math.min(run[0]++, iterations - 1)] = ScoringStep.inferRecording(model, ids, true),
                    () -> memory[1][Math.min(run[1]++, iterations - 1)] = ScoringStep.inferRecording(model, ids, false));
        }, "bench-worker");
        worker.start();
        worker.join();
        System.out.printf("evaluation forward on a worker thread, B=%d L=%d:%n"
                        + "  recording on (before)  %s per batch, resident memory +%.0f MiB during the batch%n"
                        + "  recording off (now)    %s per batch, resident memory +%.0f MiB during the batch"
                        + "   %.2f× faster%n", batch, 128, result[0][0].millis(), median(memory[0]),
                result[0][1].millis(), median(memory[1]), result[0][0].median() / result[0][1].median());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void bucketing(EncoderModel model, String name) throws Exception {
        List<String> lines = text != null
                ? Files.readAllLines(text).stream().map(String::strip).filter(l -> !l.isEmpty()).limit(512).toList()
                : TaskRegistry.fromEnvironment().load(task, new LoadOptions(512, 512, 42)).dev().stream()
                        .map(Example::textA).limit(512).toList();
        try (TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(
                () -> new IllegalArgumentException(name + " has no tokenizer.json")), 128)) {
            List<TextTokenizer.Encoded> encoded = lines.stream().map(tokenizer::encode).toList();
            double bucketed = examplesPerSecond(model, Batching.bucketed(encoded, 32, tokenizer.padId()), lines.size());
            double padded = examplesPerSecond(model, Batching.padToLongest(encoded, 32, tokenizer.padId()), lines.size());
            System.out.printf("length bucketing on %d real sentences (importance scoring, B=32, max 128):%n"
                    + "  bucketed %.1f ex/s, padded to longest %.1f ex/s: %.2f× faster%n",
                    lines.size(), bucketed, padded, bucketed / padded);
        }
    }

    private static double examplesPerSecond(EncoderModel model, List<Batching.Batch> batches, int examples) {
        ScoringStep.run(model, batches.get(0).tokens());
        long t0 = System.nanoTime();
        for (Batching.Batch b : batches) {
            ScoringStep.run(model, b.tokens());
        }
        return examples / ((System.nanoTime() - t0) / 1e9);
    }

    private void memory(EncoderModel model, int batch) {
        TokenBatch ids = SyntheticIds.batch(batch, 128);
        int steps = Math.max(1, memoryExamples / batch);
        double early = 0;
        double peak = 0;
        for (int i = 0; i < steps; i++) {
            ScoringStep.run(model, ids);
            double rss = MachineLoad.residentMiB();
            peak = Math.max(peak, rss);
            if (i == Math.max(0, steps / 10)) {
                early = rss;
            }
        }
        double end = MachineLoad.residentMiB();
        System.out.printf("resident memory over %d scored examples: %.0f MiB after 10%%, %.0f MiB at the end"
                + " (growth %+.0f MiB), peak %.0f MiB%n", steps * batch, early, end, end - early, peak);
    }
}
