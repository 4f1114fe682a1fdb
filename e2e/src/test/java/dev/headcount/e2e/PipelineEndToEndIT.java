package dev.headcount.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.objective.Objectives;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import dev.headcount.pipeline.ModelOpener;
import dev.headcount.pipeline.ScoringJob;
import dev.headcount.pipeline.TaskLoading;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole system as a user runs it ({@link RunningSystem}: a real Kafka broker and MongoDB-wire server,
 * the four packaged services as separate processes), one small experiment on the built-in MiniLM and real
 * built-in data ({@link TinyExperiments}), submitted to the report-service and followed to completion. The
 * stored results are then checked against the engine's own computation and against coherence recomputed here.
 */
@ExtendWith(SharedSystem.class)
class PipelineEndToEndIT {

    /** Also {@link WorkerKillIT}'s fault-free baseline when this test ran first. */
    static final String EXPERIMENT = "e2e-minilm";
    private static final String PRETRAINING = TinyExperiments.PRETRAINING;
    private static final String DOWNSTREAM = TinyExperiments.DOWNSTREAM;

    @Test
    void anExperimentRunsToCompletionThroughKafkaAndMongo(RunningSystem system) throws Exception {
        HttpResponse<String> submitted = system.submit(TinyExperiments.request(EXPERIMENT));
        assertEquals(202, submitted.statusCode(), submitted.body());

        JsonNode status = system.awaitFinished(EXPERIMENT, Duration.ofMinutes(12));
        assertEquals("completed", status.get("status").asText(), status.toPrettyString());

        DirectoryArtifactStore store = new DirectoryArtifactStore(system.stack().artifactRoot());
        ExperimentPlan plan = StoredRequests.plan(store, EXPERIMENT);
        try (MongoClient client = MongoClients.create(system.stack().mongoConnectionString())) {
            MongoDatabase db = client.getDatabase("headcount");
            var byExperiment = Filters.eq("experimentId", EXPERIMENT);
            assertEquals(plan.importanceMaps().size(), db.getCollection("importance").countDocuments(byExperiment));
            assertEquals(plan.evaluations().size(), db.getCollection("evaluations").countDocuments(byExperiment));
            assertEquals(plan.fineTunes().size(), db.getCollection("finetunes").countDocuments(byExperiment));
            checkEveryFractionIsEvaluated(db, plan);
            Map<String, double[][]> maps = checkMapsEqualTheEngine(db, plan, store);
            checkCoherence(db, maps);
        }

        HttpResponse<String> markdown = system.http().send(HttpRequest.newBuilder(
                system.report().resolve("/experiments/" + EXPERIMENT + "/report?format=md")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, markdown.statusCode());
        assertTrue(markdown.body().contains("Spearman") || markdown.body().contains("spearman"), markdown.body());
    }

    private static void checkEveryFractionIsEvaluated(MongoDatabase db, ExperimentPlan plan) {
        for (ExperimentPlan.EvaluationKey key : plan.evaluations()) {
            Document doc = db.getCollection("evaluations").find(Filters.and(
                    Filters.eq("experimentId", EXPERIMENT), Filters.eq("baseVariant", key.base().name()),
                    Filters.eq("ranking", key.ranking().name()), Filters.eq("evaluatedTask", key.evaluatedTask()),
                    Filters.eq("fraction", key.fraction()))).first();
            assertTrue(doc != null, "no evaluation for " + key);
        }
    }

    /** Each stored map equals what the engine computes on the same model and inputs, here in this JVM. */
    private static Map<String, double[][]> checkMapsEqualTheEngine(MongoDatabase db, ExperimentPlan plan,
                                                                    DirectoryArtifactStore store) throws Exception {
        Map<String, double[][]> normalized = new java.util.LinkedHashMap<>();
        ScoringJob.Settings settings = ScoringJob.Settings.of(plan);
        TaskLoading tasks = TaskLoading.fromEnvironment();
        for (ExperimentPlan.MapKey key : plan.importanceMaps()) {
            Document doc = db.getCollection("importance").find(Filters.and(Filters.eq("experimentId", EXPERIMENT),
                    Filters.eq("variant", key.variant().name()), Filters.eq("task", key.task()))).first();
            assertTrue(doc != null, "no importance map for " + key);
            // the event carried no numbers: the stored ones were read from the file it named, which is this one
            assertEquals(2, doc.getInteger("schemaVersion"), key.toString());
            assertEquals(dev.headcount.events.ImportanceMapFile.sha256(store,
                    java.net.URI.create(doc.getString("artifactUri"))), doc.getString("sha256"), key.toString());
            var task = tasks.load(TaskLoading.specOf(plan, key.task()), settings.loadOptions());
            ImportanceMap expected;
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel model = new ModelOpener(store).open(plan, key.variant(), manager);
                 TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), settings.maxLength())) {
                expected = settings.estimator().estimate(model, Objectives.forKind(task.spec().kind()),
                        TaskBatches.forTask(task.spec(), task.train(), tokenizer, settings.batchSize(), settings.seed()),
                        null);
            }
            double[][] stored = matrix(doc.getList("rawSums", List.class));
            for (int l = 0; l < stored.length; l++) {
                for (int h = 0; h < stored[l].length; h++) {
                    assertEquals(expected.absGradientSum()[l][h], stored[l][h],
                            1e-6 * Math.max(1, Math.abs(stored[l][h])), key + " layer " + l + " head " + h);
                }
            }
            normalized.put(key.task(), matrix(doc.getList("normalizedImportance", List.class)));
        }
        assertEquals(ModelVariant.pretrained(), plan.importanceMaps().get(0).variant());
        return normalized;
    }

    /** Spearman between the pre-training map and the downstream map, recomputed from the stored maps. */
    private static void checkCoherence(MongoDatabase db, Map<String, double[][]> maps) {
        Document doc = db.getCollection("coherence").find(Filters.and(Filters.eq("experimentId", EXPERIMENT),
                Filters.eq("first", PRETRAINING), Filters.eq("second", DOWNSTREAM))).first();
        assertTrue(doc != null, "no coherence document");
        double expected = spearman(flatten(maps.get(PRETRAINING)), flatten(maps.get(DOWNSTREAM)));
        assertEquals(expected, doc.getDouble("spearman"), 1e-9);
    }

    @SuppressWarnings("unchecked")
    private static double[][] matrix(List<?> rows) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Number> row = (List<Number>) rows.get(i);
            out[i] = row.stream().mapToDouble(Number::doubleValue).toArray();
        }
        return out;
    }

    private static double[] flatten(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** Pearson correlation of average ranks (ties share the mean of their positions). */
    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = java.util.Arrays.stream(rx).average().orElseThrow();
        double my = java.util.Arrays.stream(ry).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0;
            int equal = 0;
            for (double w : v) {
                less += w < v[i] ? 1 : 0;
                equal += w == v[i] ? 1 : 0;
            }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
    }

}
