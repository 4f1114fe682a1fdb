package dev.headcount.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.cli.bench.MachineLoad;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TaskKind;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.device.Devices;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.learning.LearningCheck;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadId;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.engine.pruning.HeadPruner;
import dev.headcount.engine.pruning.Ranking;
import dev.headcount.engine.training.FineTuner;
import dev.headcount.engine.training.HeadInitializer;
import dev.headcount.engine.training.KeepPolicy;
import dev.headcount.engine.training.TrainingBatches;
import dev.headcount.engine.training.TrainingConfig;
import dev.headcount.engine.training.TrainingRecord;
import dev.headcount.engine.training.TrainingEvent;
import dev.headcount.engine.training.TrainingResult;
import dev.headcount.events.EventJson;
import dev.headcount.events.Provenance;
import dev.headcount.pipeline.Provenances;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Fine-tunes a model (optionally masked or pruned first) on a task and saves it as a model directory. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune a model on a task (AdamW, linear warm-up/decay), optionally under a head mask or"
                + " after pruning the least important heads; saves a model directory usable by every command.")
public final class FinetuneCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--model", defaultValue = "builtin:all-MiniLM-L6-v2", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--task", required = true, description = "task name (see `headcount data list`)")
    String task;

    @Option(names = "--head-mask", description = "JSON [layers][heads] of 0/1: train with these heads masked")
    Path headMask;

    @Option(names = "--prune-by", description = "importance map JSON (as `importance` or the scorer"
            + " service writes it): prune the least important heads")
    Path pruneBy;

    @Option(names = "--fraction", defaultValue = "0", description = "share of heads to prune with --prune-by")
    double fraction;

    @Option(names = "--out", required = true, description = "output model directory")
    Path out;

    @Option(names = "--epochs", defaultValue = "3")
    int epochs;

    @Option(names = "--lr", defaultValue = "5e-5", description = "peak learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "128")
    int maxLength;

    @Option(names = "--train-size", defaultValue = "3000", description = "cap on train examples, 0 = all")
    int trainSize;

    @Option(names = "--dev-size", defaultValue = "1000", description = "cap on dev examples, 0 = all")
    int devSize;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--warmup", defaultValue = "0.1", description = "warm-up share of the steps (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01")
    double weightDecay;

    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "clip the global gradient norm; 0 = off")
    double maxGradNorm;

    @Option(names = "--grad-accum", defaultValue = "1", description = "micro-batches per optimizer step")
    int gradAccum;

    @Option(names = "--eval-every", defaultValue = "0", description = "also evaluate every N steps; 0 = per epoch only")
    int evalEvery;

    @Option(names = "--keep", defaultValue = "best", description = "best or last")
    String keep;

    @Option(names = "--patience", defaultValue = "0", description = "stop after N evaluations without gain; 0 = never")
    int patience;

    @Override
    public Integer call() throws Exception {
        device.apply();
        if (headMask != null && pruneBy != null) {
            throw new IllegalArgumentException("give --head-mask or --prune-by, not both");
        }
        TrainingConfig config = new TrainingConfig(epochs, batchSize, gradAccum, maxLength, learningRate, weightDecay,
                warmup, 0.9, 0.999, 1e-8, maxGradNorm, evalEvery, KeepPolicy.fromName(keep), patience, seed);
        Task data = TaskRegistry.fromEnvironment().load(task, new LoadOptions(trainSize, devSize, seed));
        TaskKind kind = data.spec().kind();
        // fingerprinted before it is loaded: the files hashed are the files trained from
        Provenance.Model modelProvenance = Provenances.model(model);
        try (NDManager manager = Devices.newBaseManager()) {
            EncoderModel opened = ModelSource.open(model, manager);
            EncoderModel base = kind.isClassification() || kind == TaskKind.REGRESSION
                    ? HeadInitializer.withClassifier(opened, kind == TaskKind.REGRESSION ? 1 : data.spec().labels().size(), seed)
                    : opened;
            HeadMask mask = null;
            EncoderModel trained = base;
            if (headMask != null) {
                mask = readMask(headMask, base);
            } else if (pruneBy != null) {
                ImportanceMapFiles.PruneOrder order = ImportanceMapFiles.pruneOrder(pruneBy);
                int layers = base.config().numLayers();
                int headsPerLayer = base.config().numHeads();
                if (order.values().length != layers || order.values()[0].length != headsPerLayer) {
                    throw new IllegalArgumentException(pruneBy + ": the map is " + order.values().length + " × "
                            + order.values()[0].length + " but the model has " + layers + " layers × " + headsPerLayer
                            + " heads");
                }
                System.err.printf("ranking heads by %s of %s%n", order.field(), pruneBy);
                List<HeadId> heads = Ranking.byImportance(pruneBy.toString(), order.values()).leastImportant(fraction);
                HeadPruner.Result pruned = HeadPruner.prune(base, heads, manager);
                trained = pruned.model();
                mask = pruned.residualMask();
                base.close();
                System.err.printf("pruned %d of %d heads (%d physically, %d masked)%n", heads.size(),
                        base.config().numLayers() * base.config().numHeads(), heads.size() - mask.silenced().size(),
                        mask.silenced().size());
            }
            try (EncoderModel m = trained;
                 TextTokenizer tokenizer = TextTokenizer.open(Commands.tokenizerOf(m, model), maxLength)) {
                Map<String, String> options = new LinkedHashMap<>(Provenances.options(config));
                options.put("trainSize", Integer.toString(trainSize));
                options.put("devSize", Integer.toString(devSize));
                if (headMask != null) {
                    options.put("headMask", headMask.toAbsolutePath().toString());
                }
                if (pruneBy != null) {
                    options.put("pruneBy", pruneBy.toAbsolutePath().toString());
                    options.put("fraction", Double.toString(fraction));
                }
                Provenance provenance = Provenances.of(modelProvenance,
                        List.of(Provenances.data(task, "train", seed, data.train()),
                                Provenances.data(task, "dev", seed, data.dev())), options, manager);
                return train(m, data, tokenizer, config, mask, provenance);
            }
        }
    }

    private int train(EncoderModel m, Task data, TextTokenizer tokenizer, TrainingConfig config, HeadMask mask,
                      Provenance provenance) throws IOException {
        TrainingBatches train = TrainingBatches.shuffledExamples(data.spec(), data.train(), tokenizer, batchSize, seed);
        List<? extends TaskBatch> dev = TaskBatches.forTask(data.spec(), data.dev(), tokenizer, batchSize, seed);
        long totalSteps = config.totalSteps(train.batchesPerEpoch());
        System.err.printf("fine-tuning %s on %s: %d train / %d dev examples, %d epochs, %d steps, %d heads left%n",
                model, data.name(), data.train().size(), data.dev().size(), epochs, totalSteps, m.remainingHeads());
        ProgressBar bar = new ProgressBar("finetune", totalSteps, "step");
        double[] memory = {Double.NaN, 0};
        double[] lastTrainLoss = {Double.NaN};
        long memoryProbe = Math.max(1, totalSteps / 10);
        TrainingResult result = new FineTuner(config, event -> {
            if (event.kind() == TrainingEvent.Kind.STEP) {
                bar.update(event.step());
                lastTrainLoss[0] = event.loss();
                if (event.step() == memoryProbe) {
                    memory[0] = MachineLoad.residentMiB();
                }
                memory[1] = Math.max(memory[1], MachineLoad.residentMiB());
            } else {
                System.err.printf(Locale.ROOT, "%n  epoch %d step %d: dev loss %.4f, %s%s (last train loss %.4f,"
                                + " lr %.2e, %.1f ex/s)%n", event.epoch() + 1, event.step(), event.loss(),
                        metrics(event.devMetrics()), event.improved() ? " *" : "", lastTrainLoss[0],
                        event.learningRate(), event.examplesPerSecond());
            }
        }).train(m, data.spec(), train, dev, mask);
        double endMemory = MachineLoad.residentMiB();
        ModelDirectory.save(m, out);
        if (mask != null && !mask.isAllOnes()) {
            JSON.writeValue(out.resolve("head_mask.json").toFile(), mask.values());
        }
        ObjectNode record = TrainingRecord.of(model, data, config, result, mask);
        record.set("provenance", EventJson.mapper().valueToTree(provenance));
        JSON.writeValue(out.resolve("training.json").toFile(), record);
        TrainingResult.EvaluationPoint kept = result.kept();
        System.out.printf(Locale.ROOT, "finetuned %s on %s: dev %s (epoch %d, step %d, kept %s) in %.0f s training,"
                        + " %.1f ex/s; resident memory %.0f MiB at 10%% of the steps, %.0f MiB at the end, peak %.0f MiB"
                        + " → %s%n", model, data.name(),
                kept == null ? "not evaluated" : metrics(kept.evaluation().metrics()),
                kept == null ? 0 : kept.epoch() + 1, result.keptStep(), keep, result.trainingSeconds(),
                result.examplesPerSecond(), memory[0], endMemory, memory[1], out);
        if (kept != null) {
            LearningCheck check = kept.evaluation().learningCheck(data.spec().primaryMetric());
            System.out.printf(Locale.ROOT, "learning check: dev %s %.4f, 95 %% interval [%.4f, %.4f] over %d dev examples,"
                            + " trivial baseline %.4f: %s%n", check.metric().id(), check.value(), check.ciLow(),
                    check.ciHigh(), kept.evaluation().examples(), check.baseline(), check.learned() ? "learned"
                            : "NOT learned (the interval does not clear the baseline"
                            + check.reason().map(r -> "; " + r).orElse("") + ")");
        }
        return 0;
    }

    private static String metrics(Map<Metric, Double> metrics) {
        return metrics.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey().id(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static HeadMask readMask(Path file, EncoderModel model) throws IOException {
        float[][] values = JSON.readValue(file.toFile(), float[][].class);
        HeadMask mask = new HeadMask(values);
        int layers = model.config().numLayers();
        int heads = model.config().numHeads();
        if (mask.passes() != layers || mask.heads() != heads) {
            throw new IllegalArgumentException(file + ": head mask is " + mask.passes() + " × " + mask.heads()
                    + " but the model has " + layers + " layers × " + heads + " heads");
        }
        return mask;
    }

}
