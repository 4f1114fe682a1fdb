package dev.headcount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.engine.provenance.ModelFingerprint;
import dev.headcount.events.EventJson;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Provenance;
import dev.headcount.pipeline.testing.TinyExperiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** importance on a tiny checkpoint and a text file: the map is an ImportanceMapFile and carries what produced it. */
class ImportanceCommandTest {

    @Test
    void theMapRecordsItsModelDataAndOptions(@TempDir Path dir) throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        Path corpus = tiny.directory().resolve("corpus.txt");
        Path out = dir.resolve("map.json");
        int code = Headcount.commandLine().execute("importance", "--model", tiny.pretrainedModel().toString(),
                "--text", corpus.toString(), "--limit", "10", "--batch-size", "4", "--max-length", "16",
                "--seed", "3", "--out", out.toString());
        assertEquals(0, code);

        JsonNode json = EventJson.mapper().readTree(out.toFile());
        Provenance provenance = EventJson.mapper().treeToValue(json.get("provenance"), Provenance.class);
        assertEquals(ModelFingerprint.of(tiny.pretrainedModel()).sha256(), provenance.model().sha256());
        List<String> lines = Files.readAllLines(corpus).stream().map(String::strip).filter(l -> !l.isEmpty())
                .limit(10).toList();
        Provenance.Data data = provenance.data("lines").orElseThrow();
        assertEquals(ExampleFingerprint.ofTexts(lines), data.sha256());
        assertEquals(10, data.examples());
        assertEquals(3L, data.seed());
        assertEquals("file:" + corpus.toAbsolutePath(), data.task());
        assertEquals("mlm", provenance.option("objective"), "the tiny model has an MLM head");
        assertEquals("per-example", provenance.option("granularity"));
        assertEquals("4", provenance.option("batchSize"));
        assertEquals(Provenance.Code.current(), provenance.code());
        assertTrue(json.get("units").asLong() == 10, "per-example MLM: one unit per sentence");

        // the format the services store, so the map feeds finetune --prune-by like a service's
        ImportanceMapFile map = ImportanceMapFiles.read(out);
        assertEquals(ImportanceCommand.EXPERIMENT, map.experimentId());
        assertEquals(ModelVariant.pretrained(), map.variant());
        assertEquals("file:" + corpus.toAbsolutePath(), map.task());
        assertEquals(10, map.examples());
        assertEquals(10, map.unitRows().length, "one row per unit, for intervals");
        assertTrue(map.normalizePerLayer() && map.normalizeGlobal());
        assertEquals(provenance, map.provenance());
        assertEquals("normalizedImportance", ImportanceMapFiles.pruneOrder(out).field());

        // reproduce recomputes scoring jobs; a command-line map is refused, with the options to rerun it by
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Headcount.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertEquals(2, cli.execute("reproduce", out.toString()));
        assertTrue(err.toString().contains(out + " was written by the importance command"), err.toString());
    }
}
