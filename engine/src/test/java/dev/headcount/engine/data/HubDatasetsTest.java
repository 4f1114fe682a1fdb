package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headcount.engine.hub.DownloadProgress;
import dev.headcount.engine.hub.FakeHub;
import dev.headcount.engine.hub.HubClient;
import dev.headcount.engine.hub.HubException;
import dev.headcount.engine.hub.HubSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GLUE and other data sets from a loopback fake Hub serving parquet files laid out as nyu-mll/glue and wikitext are. */
class HubDatasetsTest {

    private static final MessageType COLA = MessageTypeParser.parseMessageType(
            "message cola { required binary sentence (STRING); required int64 label; required int32 idx; }");
    private static final MessageType MNLI = MessageTypeParser.parseMessageType(
            "message mnli { required binary premise (STRING); required binary hypothesis (STRING); required int64 label; required int32 idx; }");
    private static final MessageType TEXT = MessageTypeParser.parseMessageType("message text { required binary text (STRING); }");

    @TempDir
    Path work;

    private FakeHub hub;
    private String glueCommit;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        Map<String, byte[]> glue = new LinkedHashMap<>();
        glue.put("README.md", "# GLUE".getBytes());
        glue.put("cola/train-00000-of-00001.parquet", parquet(COLA, List.of(
                Map.of("sentence", "Our friends won't buy this analysis.", "label", 1L, "idx", 0),
                Map.of("sentence", "They drank the pub.", "label", 0L, "idx", 1),
                Map.of("sentence", "The sailors rode the breeze clear of the rocks.", "label", 1L, "idx", 2))));
        glue.put("cola/validation-00000-of-00001.parquet", parquet(COLA, List.of(
                Map.of("sentence", "The more we study verbs, the crazier they get.", "label", 1L, "idx", 0))));
        glue.put("cola/test-00000-of-00001.parquet", parquet(COLA, List.of(
                Map.of("sentence", "Bill whistled past the house.", "label", -1L, "idx", 0))));
        glue.put("mnli/train-00000-of-00002.parquet", parquet(MNLI, List.of(
                Map.of("premise", "P0", "hypothesis", "H0", "label", 0L, "idx", 0))));
        glue.put("mnli/train-00001-of-00002.parquet", parquet(MNLI, List.of(
                Map.of("premise", "P1", "hypothesis", "H1", "label", 2L, "idx", 1))));
        glue.put("mnli/validation_matched-00000-of-00001.parquet", parquet(MNLI, List.of(
                Map.of("premise", "M", "hypothesis", "HM", "label", 1L, "idx", 0))));
        glue.put("mnli/validation_mismatched-00000-of-00001.parquet", parquet(MNLI, List.of(
                Map.of("premise", "X", "hypothesis", "HX", "label", 2L, "idx", 0))));
        glueCommit = hub.add("datasets/nyu-mll/glue", glue, false);

        Map<String, byte[]> wikitext = new LinkedHashMap<>();
        wikitext.put("wikitext-103-raw-v1/train-00000-of-00002.parquet", parquet(TEXT, List.of(Map.of("text", " = Valkyria = \n"), Map.of("text", ""))));
        wikitext.put("wikitext-103-raw-v1/train-00001-of-00002.parquet", parquet(TEXT, List.of(Map.of("text", " Senjō no Valkyria 3 \n"))));
        wikitext.put("wikitext-103-raw-v1/validation-00000-of-00001.parquet", parquet(TEXT, List.of(Map.of("text", " Robert Boulter \n"))));
        wikitext.put("wikitext-2-raw-v1/train-00000-of-00001.parquet", parquet(TEXT, List.of(Map.of("text", "other config"))));
        hub.add("datasets/Salesforce/wikitext", wikitext, false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private TaskRegistry registry(boolean offline) {
        HubClient client = new HubClient(new HubSettings(hub.endpoint(), work.resolve("hub"), work.resolve("token"),
                Optional.empty(), offline), DownloadProgress.NONE);
        return new TaskRegistry(new DataCache(work.resolve("data")), new NpmPackageFetcher(), () -> client);
    }

    @Test
    void glueWithoutAFolderComesFromTheHubIntoTheSharedCache() throws IOException {
        Task cola = registry(false).load("glue/cola", LoadOptions.uncapped());
        assertEquals("glue/cola", cola.name());
        assertEquals(List.of(Example.single("Our friends won't buy this analysis.", 1), Example.single("They drank the pub.", 0),
                Example.single("The sailors rode the breeze clear of the rocks.", 1)), cola.train());
        assertEquals(List.of(Example.single("The more we study verbs, the crazier they get.", 1)), cola.dev());

        Path train = work.resolve("hub/datasets--nyu-mll--glue/snapshots").resolve(glueCommit)
                .resolve("cola/train-00000-of-00001.parquet");
        assertTrue(Files.isSymbolicLink(train), "laid out as huggingface_hub lays it out");
        assertEquals(glueCommit, Files.readString(work.resolve("hub/datasets--nyu-mll--glue/refs/main")));
        assertTrue(hub.requests().contains("GET /api/datasets/nyu-mll/glue/revision/main"), hub.requests().toString());
        assertTrue(hub.requests().stream().noneMatch(r -> r.contains("test-") || r.contains("mnli") || r.contains("README")),
                "only the task's train and validation files: " + hub.requests());

        int before = hub.requests().size();
        assertEquals(cola.train(), registry(false).load("glue/cola", LoadOptions.uncapped()).train());
        assertEquals(cola.dev(), registry(true).load("glue/cola", LoadOptions.uncapped()).dev());
        assertEquals(before, hub.requests().size(), "the cached task needs no request");
    }

    @Test
    void shardedSplitsAreReadAsOneAndMnliKeepsBothDevSplits() throws IOException {
        Task mnli = registry(false).load("glue/mnli", LoadOptions.uncapped());
        assertEquals(List.of(Example.pair("P0", "H0", 0), Example.pair("P1", "H1", 2)), mnli.train());
        assertEquals(List.of(Example.pair("M", "HM", 1)), mnli.dev());
        assertEquals(List.of(Example.pair("X", "HX", 2)), mnli.splits().get("dev_mismatched"));
    }

    @Test
    void offlineWithoutTheTaskNamesWhatIsMissingAndSendsNothing() {
        HubException e = assertThrows(HubException.class, () -> registry(true).load("glue/rte", LoadOptions.uncapped()));
        assertTrue(e.getMessage().startsWith("dataset nyu-mll/glue@main: missing from the Hugging Face cache ("), e.getMessage());
        assertTrue(e.getMessage().contains("): the parquet files of split(s) [train, validation] under 'rte/'; "), e.getMessage());
        assertTrue(e.getMessage().contains("HF_HUB_OFFLINE=1"), e.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void aTaskTheExportLacksIsNamed() {
        HubException e = assertThrows(HubException.class, () -> registry(false).load("glue/rte", LoadOptions.uncapped()));
        assertTrue(e.getMessage().contains("no parquet files of split 'train' under 'rte/'"), e.getMessage());
    }

    @Test
    void aTextCorpusConfigForMaskedLmPreTraining() throws IOException {
        Task wiki = registry(false).load("hf-dataset:Salesforce/wikitext/wikitext-103-raw-v1?kind=mlm", LoadOptions.uncapped());
        assertEquals(TaskKind.MLM_TEXT, wiki.spec().kind());
        // the blank row between paragraphs is dropped: it holds nothing to mask
        assertEquals(List.of(Example.text(" = Valkyria = \n"), Example.text(" Senjō no Valkyria 3 \n")), wiki.train());
        assertEquals(List.of(Example.text(" Robert Boulter \n")), wiki.dev());
        assertTrue(hub.requests().stream().noneMatch(r -> r.contains("wikitext-2-raw-v1")), hub.requests().toString());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> registry(false).load("hf-dataset:wikitext", LoadOptions.uncapped()));
        assertTrue(bad.getMessage().contains("expected hf-dataset:ORG/NAME[/CONFIG][@REVISION]"), bad.getMessage());
    }

    @Test
    void aPairDataSetWithoutValidationGetsTheSeededSplitOfLocalFiles() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(Map.of("premise", "P" + i, "hypothesis", "H" + i, "label", (long) (i % 3), "idx", i));
        }
        hub.add("datasets/org/pairs", Map.of("data/train-00000-of-00001.parquet", parquet(MNLI, rows)), false);
        Task pairs = registry(false).load("hf-dataset:org/pairs?kind=pair", LoadOptions.uncapped());
        assertEquals(TaskKind.SENTENCE_PAIR_CLASSIFICATION, pairs.spec().kind());
        assertEquals(List.of("0", "1", "2"), pairs.spec().labels());
        assertEquals(8, pairs.train().size());
        assertEquals(2, pairs.dev().size());
        // the same rows through file: with the same seed give the same split: one loader for both
        Path local = work.resolve("pairs.parquet");
        Files.write(local, parquet(MNLI, rows));
        Task file = registry(false).load("file:" + local + "?kind=pair", LoadOptions.uncapped());
        assertEquals(file.train(), pairs.train());
        assertEquals(file.dev(), pairs.dev());
    }

    @Test
    void splitFilesInTheLayoutsTheHubUses() {
        assertEquals(Optional.of(2), HubDatasets.splitOf("train-00001-of-00002.parquet", "train"));
        assertEquals(Optional.of(-1), HubDatasets.splitOf("train.parquet", "train"));
        assertEquals(Optional.of(1), HubDatasets.splitOf("data/validation-00000-of-00001.parquet", "validation"));
        assertEquals(Optional.of(-1), HubDatasets.splitOf("train/0000.parquet", "train"));
        assertEquals(Optional.empty(), HubDatasets.splitOf("validation_matched-00000-of-00001.parquet", "validation"));
        assertEquals(Optional.empty(), HubDatasets.splitOf("train-00000-of-00001.json", "train"));
    }

    private byte[] parquet(MessageType schema, List<Map<String, Object>> rows) throws IOException {
        Path file = Files.createTempFile(work, "rows", ".parquet");
        Files.delete(file);
        HuggingFaceExportTest.writeParquet(file, schema, new ArrayList<>(rows));
        return Files.readAllBytes(file);
    }
}
