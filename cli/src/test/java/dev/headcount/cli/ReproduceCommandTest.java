package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ModelVariant;
import dev.headcount.pipeline.ScoringJob;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code headcount reproduce} end to end on a tiny checkpoint: the scorer's own job stores a map with its
 * provenance, a report.json carries it as the report-service writes it, and the command recomputes it from that
 * alone — then with the data, the model and the stored numbers tampered with.
 */
class ReproduceCommandTest {

    @TempDir
    Path dir;
    TinyExperiment tiny;
    Path report;

    private record Run(int code, String out, String err) {
    }

    private Run reproduce(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Headcount.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "reproduce";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    /** The parts of report.json reproduce reads, as ReportBuilder writes them (importance[], provenance.maps[]). */
    private static ObjectNode reportJson(List<ImportanceMapCompleted> maps) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        ArrayNode sections = root.putArray("importance");
        ArrayNode provenance = root.putObject("provenance").putArray("maps");
        for (ImportanceMapCompleted map : maps) {
            ObjectNode section = sections.addObject();
            section.put("task", map.task());
            section.put("variant", map.variant().name());
            section.set("normalizedImportance", EventJson.mapper().valueToTree(map.normalizedImportance()));
            ArrayNode raw = section.putArray("importance");
            for (int l = 0; l < map.layers(); l++) {
                ArrayNode row = raw.addArray();
                for (int h = 0; h < map.heads(); h++) {
                    row.add(map.rawSums().get(l).get(h) / map.counts().get(l).get(h));
                }
            }
            ObjectNode entry = provenance.addObject();
            entry.put("task", map.task());
            entry.put("variant", map.variant().name());
            entry.set("provenance", EventJson.mapper().valueToTree(map.provenance()));
        }
        return root;
    }

    @BeforeEach
    void scoreAMapAndWriteTheReport() throws Exception {
        tiny = TinyExperiment.create(dir.resolve("tiny"));
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ExperimentPlan plan = new ExperimentPlan("exp-reproduce", tiny.request());
        TaskLoading tasks = TaskLoading.fromEnvironment();
        ScoringJob job = new ScoringJob(store, tasks, "scorer-service");
        ImportanceMapCompleted pretraining = job.run(plan, ModelVariant.pretrained(), TinyExperiment.PRETRAINING, null)
                .withMatrices();
        tiny.writeFineTuned(store, plan.experimentId());
        ImportanceMapCompleted downstream = job.run(plan, ModelVariant.finetuned(TinyExperiment.DOWNSTREAM),
                TinyExperiment.DOWNSTREAM, null).withMatrices();
        report = dir.resolve("report.json");
        EventJson.mapper().writeValue(report.toFile(), reportJson(List.of(pretraining, downstream)));
    }

    @Test
    void recomputesTheStoredMapBitForBitInTheSameJvm() {
        Run run = reproduce(report.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("model and data fingerprints match"), run.out());
        assertTrue(run.out().contains("max relative difference 0.000e+00"), run.out());
        assertTrue(run.out().contains("ranking (least important first, as the pruner orders heads): identical"),
                run.out());
        assertTrue(run.out().contains("verdict: bit-identical"), run.out());

        // the fine-tuned model's map: its model is a file: URI of the artifact store
        Run downstream = reproduce(report.toString(), "--map", TinyExperiment.DOWNSTREAM);
        assertEquals(0, downstream.code(), downstream.out() + downstream.err());
        assertTrue(downstream.out().contains("verdict: bit-identical"), downstream.out());
    }

    @Test
    void recomputesAMapFileOfTheArtifactStoreBitForBit() throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        Path file = store.localPath(dev.headcount.events.ArtifactLayout.importanceMap(store, "exp-reproduce",
                ModelVariant.finetuned(TinyExperiment.DOWNSTREAM), TinyExperiment.DOWNSTREAM));
        Run run = reproduce(file.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("reproducing the importance map of " + TinyExperiment.DOWNSTREAM + " on "
                + ModelVariant.finetuned(TinyExperiment.DOWNSTREAM).name()), run.out());
        assertTrue(run.out().contains("relative difference per head (raw importance, mean |dL/dξ|)"), run.out());
        assertTrue(run.out().contains("verdict: bit-identical"), run.out());

        Run other = reproduce(file.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(2, other.code(), other.out() + other.err());
        assertTrue(other.err().contains(file + " is the map of " + TinyExperiment.DOWNSTREAM + ", not of "
                + TinyExperiment.PRETRAINING), other.err());
    }

    @Test
    void tamperedDataIsNamedAndNotRecomputed() throws Exception {
        Path corpus = tiny.directory().resolve("corpus.txt");
        List<String> lines = Files.readAllLines(corpus);
        lines.set(0, lines.get(0).replaceFirst("\\.", "!"));
        Files.write(corpus, lines);

        Run run = reproduce(report.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(ReproduceCommand.INPUTS_CHANGED, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("data fingerprint no longer matches: " + tiny.pretrainingSpec()), run.out());
        assertTrue(!run.out().contains("model fingerprint"), run.out());
        assertTrue(run.out().contains("verdict: inputs changed — not recomputed"), run.out());
    }

    @Test
    void aChangedModelFileIsNamed() throws Exception {
        Path tokenizer = tiny.pretrainedModel().resolve("tokenizer.json");
        Files.writeString(tokenizer, Files.readString(tokenizer) + "\n");

        Run run = reproduce(report.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(ReproduceCommand.INPUTS_CHANGED, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("model fingerprint no longer matches: " + tiny.pretrainedModel()), run.out());
        assertTrue(run.out().contains("(changed: tokenizer.json)"), run.out());
    }

    @Test
    void storedNumbersThatDifferAreCaughtAndSmallDifferencesTolerated() throws Exception {
        ObjectNode root = (ObjectNode) EventJson.mapper().readTree(report.toFile());
        ArrayNode raw = (ArrayNode) root.get("importance").get(0).get("importance").get(1);
        double value = raw.get(2).asDouble();

        raw.set(2, value * (1 + 1e-7));
        EventJson.mapper().writeValue(report.toFile(), root);
        Run close = reproduce(report.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(0, close.code(), close.out() + close.err());
        assertTrue(close.out().contains("(layer 1, head 2)"), close.out());
        assertTrue(close.out().contains("verdict: within 1e-5 relative (same clean commit and platform: bit-identical"
                + " was expected)") || close.out().contains("verdict: within 1e-5 relative\n"), close.out());

        raw.set(2, value * 1.01);
        EventJson.mapper().writeValue(report.toFile(), root);
        Run far = reproduce(report.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(ReproduceCommand.DIFFERS, far.code(), far.out() + far.err());
        assertTrue(far.out().contains("verdict: differs"), far.out());
        JsonNode stored = root.get("importance").get(0).get("importance").get(1).get(2);
        assertEquals(value * 1.01, stored.asDouble());
    }

    @Test
    void anUnknownMapOrAReportWithoutProvenanceIsAClearError() throws Exception {
        Run unknown = reproduce(report.toString(), "--map", "builtin/spam");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("has no map of builtin/spam with provenance; it has "
                + TinyExperiment.PRETRAINING + " on pretrained, " + TinyExperiment.DOWNSTREAM + " on finetuned/"
                + TinyExperiment.DOWNSTREAM), unknown.err());

        Path old = dir.resolve("old-report.json");
        Files.writeString(old, "{\"importance\": []}");
        Run noProvenance = reproduce(old.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(2, noProvenance.code());
        assertTrue(noProvenance.err().contains("has no provenance.maps"), noProvenance.err());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"importance\": [\n}");
        Run notJson = reproduce(broken.toString(), "--map", TinyExperiment.PRETRAINING);
        assertEquals(2, notJson.code());
        assertTrue(notJson.err().contains("is not JSON (line 3)"), notJson.err());
    }
}
