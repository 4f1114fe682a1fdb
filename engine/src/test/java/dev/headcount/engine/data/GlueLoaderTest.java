package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures under src/test/resources/data/glue copy the first rows of the GLUE files in their exact layouts. */
class GlueLoaderTest {
    private final GlueLoader loader = new GlueLoader();

    static Path resource(String path) {
        try {
            return Path.of(GlueLoaderTest.class.getResource("/data/" + path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Task load(GlueTask glue, String folder) throws IOException {
        return loader.load(glue, resource(folder), LoadOptions.uncapped());
    }

    @Test
    void colaHasNoHeaderAndKeepsQuotesLiterally() throws IOException {
        Task cola = load(GlueTask.COLA, "glue/CoLA");
        assertEquals(3, cola.train().size());
        assertEquals(Example.single("They drank the pub.", 0), cola.train().get(1));
        // QUOTE_NONE: the unbalanced quote is part of the sentence
        assertEquals("\"The more you eat, the less you want.", cola.train().get(2).textA());
        assertEquals(2, cola.dev().size());
        assertEquals("glue/cola", cola.name());
    }

    @Test
    void sst2() throws IOException {
        Task sst2 = load(GlueTask.SST2, "glue/SST-2");
        assertEquals(Example.single("hide new secretions from the parental units ", 0), sst2.train().get(0));
        assertEquals(1, sst2.dev().get(0).label());
    }

    @Test
    void mrpcHeaderWithByteOrderMark() throws IOException {
        Task mrpc = load(GlueTask.MRPC, "glue/MRPC");
        assertEquals(2, mrpc.train().size());
        Example first = mrpc.train().get(0);
        assertEquals(1, first.label());
        assertTrue(first.textA().startsWith("Amrozi accused his brother , whom he called \" the witness \""));
        assertTrue(first.textB().startsWith("Referring to him"));
    }

    @Test
    void stsbScoresAreRegressionTargets() throws IOException {
        Task stsb = load(GlueTask.STSB, "glue/STS-B");
        assertEquals(Example.regression("A man is playing a large flute.", "A man is playing a flute.", 3.8), stsb.train().get(1));
        assertEquals(TaskKind.REGRESSION, stsb.spec().kind());
    }

    @Test
    void qqp() throws IOException {
        Task qqp = load(GlueTask.QQP, "glue/QQP");
        assertEquals(Example.pair("How do I control my horny emotions?", "How do you control your horniness?", 1), qqp.train().get(1));
    }

    @Test
    void mnliUsesGoldLabelAndBothDevSets() throws IOException {
        Task mnli = load(GlueTask.MNLI, "glue/MNLI");
        assertEquals(List.of(1, 0, 2), mnli.train().stream().map(Example::label).toList()); // neutral, entailment, contradiction
        assertEquals("Product and geography are what make cream skimming work. ", mnli.train().get(0).textB());
        // dev_matched: annotators split, gold_label (the last column) is neutral
        assertEquals(1, mnli.dev().get(0).label());
        assertEquals(2, mnli.split("dev_mismatched").get(0).label());
    }

    @Test
    void qnliRteWnli() throws IOException {
        assertEquals(List.of(1, 0), load(GlueTask.QNLI, "glue/QNLI").train().stream().map(Example::label).toList());
        Task rte = load(GlueTask.RTE, "glue/RTE");
        assertEquals(Example.pair("No Weapons of Mass Destruction Found in Iraq Yet.", "Weapons of Mass Destruction Found in Iraq.", 1),
                rte.train().get(0));
        Task wnli = load(GlueTask.WNLI, "glue/WNLI");
        assertEquals(List.of(1, 1, 1), wnli.train().stream().map(Example::label).toList());
        assertEquals(0, wnli.dev().get(0).label());
    }

    @Test
    void capsAreSeededAndDeterministic() throws IOException {
        Task a = loader.load(GlueTask.WNLI, resource("glue/WNLI"), new LoadOptions(2, 0, 9));
        Task b = loader.load(GlueTask.WNLI, resource("glue/WNLI"), new LoadOptions(2, 0, 9));
        assertEquals(2, a.train().size());
        assertEquals(a, b);
    }

    @Test
    void shortRowNamesFileLineAndColumns() {
        Path folder = resource("bad/rte-short-row");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.RTE, folder, LoadOptions.uncapped()));
        assertEquals(folder.resolve("train.tsv") + ":3: expected 4 tab-separated columns as in the header, found 3", e.getMessage());
    }

    @Test
    void wrongHeaderNamesTheColumnsFound() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> loader.load(GlueTask.RTE, resource("bad/rte-wrong-header"), LoadOptions.uncapped()));
        assertTrue(e.getMessage().contains(":1: GLUE rte header must contain columns [sentence1, sentence2, label], found [idx, premise, hypothesis, label]"),
                e.getMessage());
    }

    @Test
    void emptySplitIsAnError() {
        Path folder = resource("bad/rte-empty-dev");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.RTE, folder, LoadOptions.uncapped()));
        assertEquals(folder.resolve("dev.tsv") + ": no examples", e.getMessage());
    }

    @Test
    void unknownLabelNamesValueAndChoices() {
        Path folder = resource("bad/sst2-bad-label");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.SST2, folder, LoadOptions.uncapped()));
        assertEquals(folder.resolve("train.tsv") + ":3: column 'label' must be one of 0=negative, 1=positive, found 'negative-ish'", e.getMessage());
    }

    @Test
    void missingFolderAndFilesAreNamed(@TempDir Path temp) throws IOException {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> loader.load(GlueTask.RTE, resource("glue/CoLA").resolve("nope"), LoadOptions.uncapped()));
        assertTrue(e.getMessage().endsWith("nope: not a folder; expected the RTE folder with train and dev files"), e.getMessage());
        Files.copy(resource("glue/MNLI/train.tsv"), temp.resolve("train.tsv"));
        DataFormatException noDev = assertThrows(DataFormatException.class,
                () -> loader.load(GlueTask.MNLI, temp, LoadOptions.uncapped()));
        assertTrue(noDev.getMessage().endsWith("missing dev_matched.tsv"), noDev.getMessage());
    }

    @Test
    void latin1IsRefusedWithLineAndByteOffset() throws IOException {
        Path train = resource("latin1/CoLA/train.tsv");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new GlueTsvReader(GlueTask.COLA).read(train));
        byte[] bytes = Files.readAllBytes(train);
        int offset = 0;
        while (bytes[offset] >= 0) offset++;
        assertEquals(train + ":1: not UTF-8: byte offset " + offset + " holds 0xE9 (save the file as UTF-8)", e.getMessage());
        assertEquals(1, new GlueTsvReader(GlueTask.COLA).read(resource("latin1/CoLA/dev.tsv")).size(), "the UTF-8 file reads");
    }

    @Test
    void taskIdsAcceptGlueSpellings() {
        assertEquals(GlueTask.SST2, GlueTask.fromId("SST-2"));
        assertEquals(GlueTask.STSB, GlueTask.fromId("sts-b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlueTask.fromId("squad"));
        assertTrue(e.getMessage().startsWith("unknown GLUE task 'squad'"));
    }
}
