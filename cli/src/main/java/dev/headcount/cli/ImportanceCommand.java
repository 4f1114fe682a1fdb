package dev.headcount.cli;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.Example;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TaskRegistry;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.objective.Objectives;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.importance.Granularity;
import dev.headcount.engine.importance.HeadImportanceEstimator;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.importance.Normalization;
import dev.headcount.engine.model.AlbertMaskMode;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.objective.ContrastiveObjective;
import dev.headcount.engine.objective.MaskedLmObjective;
import dev.headcount.engine.objective.Objective;
import dev.headcount.engine.objective.TaskBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.headcount.events.EventJson;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Provenance;
import dev.headcount.pipeline.Provenances;
import dev.headcount.pipeline.ScoringJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Michel et al. head importance of a model on a pre-training objective over a text file. */
@Command(name = "importance", mixinStandardHelpOptions = true,
        description = "Score every head (|dL/d gate|, Michel et al. 2019) on masked LM or contrastive pairs over a"
                + " text file, or on a named task; writes the map as JSON (the format the"
                + " scorer service stores, which finetune --prune-by reads) and draws it.")
public final class ImportanceCommand implements Callable<Integer> {
    /** The experiment id of a map the command line wrote (the services' maps carry their experiment's). */
    static final String EXPERIMENT = "cli";

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--model", defaultValue = "builtin:all-MiniLM-L6-v2", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--text", description = "text file, one sentence per line (masked LM, or contrastive pairs of"
            + " consecutive lines)")
    Path text;

    @Option(names = "--task", description = "a named task instead of --text, e.g. builtin/sotu (masked LM),"
            + " builtin/sotu-pairs (contrastive), or a classification task on a fine-tuned model")
    String task;

    @Option(names = "--split", defaultValue = "dev", description = "split of --task to score (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--objective", description = "for --text: mlm or contrastive (default: mlm when the model has"
            + " an MLM head)")
    String objective;

    @Option(names = "--granularity", defaultValue = "per-example", description = "per-example or per-batch")
    String granularity;

    @Option(names = "--albert-mask", defaultValue = "per-pass", description = "per-pass or hf")
    String albertMask;

    @Option(names = "--limit", defaultValue = "1000", description = "at most this many sentences")
    int limit;

    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "128")
    int maxLength;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--out", description = "write the map as JSON here (default: stdout)")
    Path out;

    @Override
    public Integer call() throws Exception {
        device.apply();
        if ((text == null) == (task == null)) {
            throw new IllegalArgumentException("give exactly one of --text FILE or --task NAME");
        }
        // fingerprinted before it is loaded: the files hashed are the files scored
        Provenance.Model modelProvenance = Provenances.model(model);
        try (NDManager manager = Devices.newBaseManager();
             EncoderModel m = ModelSource.open(model, manager);
             TextTokenizer tokenizer = TextTokenizer.open(Commands.tokenizerOf(m, model), maxLength)) {
            Objective obj;
            List<? extends TaskBatch> batches;
            Provenance.Data data;
            if (task != null) {
                Task loaded = TaskRegistry.fromEnvironment().load(task, new LoadOptions(limit, limit, seed));
                List<Example> examples = loaded.split(split);
                List<Example> used = examples.subList(0, Math.min(limit, examples.size()));
                obj = Objectives.forKind(loaded.spec().kind());
                batches = TaskBatches.forTask(loaded.spec(), used, tokenizer, batchSize, seed);
                data = Provenances.data(task, split, seed, used);
            } else {
                List<String> lines = Files.readAllLines(text).stream().map(String::strip).filter(l -> !l.isEmpty())
                        .limit(limit).toList();
                if (lines.size() < 2) {
                    throw new IllegalArgumentException(text + ": needs at least 2 non-empty lines, found " + lines.size());
                }
                boolean mlm = objective == null ? m.mlmHead().isPresent() : objective.equals("mlm");
                obj = mlm ? new MaskedLmObjective() : new ContrastiveObjective();
                batches = mlm
                        ? TaskBatches.maskedLm(lines, tokenizer, seed, batchSize)
                        : TaskBatches.pairs(lines.subList(0, lines.size() - 1), lines.subList(1, lines.size()),
                                tokenizer, batchSize);
                data = Provenances.data("file:" + text.toAbsolutePath(), "lines", seed,
                        lines.stream().map(Example::text).toList());
            }
            ForwardOptions options = ForwardOptions.evaluation().withAlbertMaskMode(
                    albertMask.equals("hf") ? AlbertMaskMode.HF : AlbertMaskMode.PER_PASS);
            HeadImportanceEstimator estimator = new HeadImportanceEstimator(
                    Granularity.valueOf(granularity.toUpperCase(Locale.ROOT).replace('-', '_')), options);
            int examples = batches.stream().mapToInt(TaskBatch::size).sum();
            ProgressBar bar = new ProgressBar("importance", examples, "ex");
            ImportanceMap map = estimator.estimate(m, obj, batches, bar::update);
            Map<String, String> recorded = new LinkedHashMap<>();
            recorded.put("objective", obj.name());
            recorded.put("granularity", granularity);
            recorded.put("albertMask", albertMask);
            recorded.put("limit", Integer.toString(limit));
            recorded.put("batchSize", Integer.toString(batchSize));
            recorded.put("maxLength", Integer.toString(maxLength));
            recorded.put("seed", Long.toString(seed));
            Provenance provenance = Provenances.of(modelProvenance, List.of(data), recorded, manager);
            // the document the scorer service stores, so either side's map feeds the other (finetune --prune-by);
            // the command line has no experiment, and scores the model it is given as it stands
            ImportanceMapFile file = ScoringJob.mapFile(EXPERIMENT, ModelVariant.pretrained(),
                    task != null ? task : data.task(), map, examples, Normalization.DEFAULT, provenance);
            byte[] json = EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(file);
            if (out != null) {
                Files.write(out, json);
                Path svg = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".svg");
                HeatmapSvg.write(file.normalizedImportance(), "head importance: " + model + " on "
                        + (task != null ? task : obj.name()), svg);
                System.err.println("wrote " + out + " and " + svg);
            } else {
                System.out.println(new String(json, java.nio.charset.StandardCharsets.UTF_8));
            }
            System.err.print(Heatmap.render(file.normalizedImportance()));
        }
        return 0;
    }
}
