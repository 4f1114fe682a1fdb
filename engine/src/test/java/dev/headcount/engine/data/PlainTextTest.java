package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainTextTest {
    @TempDir
    Path folder;

    @Test
    void sentenceSplitterKeepsDecimalsAndQuestions() {
        assertEquals(List.of("It costs $3.50 today.", "Is it cheap?", "Yes, it is!"),
                new SentenceSplitter().split("It costs $3.50 today.  Is it cheap?\nYes, it is!"));
    }

    @Test
    void mlmGroupsSentencesUpToTheWordBudget() {
        String sentence = "One two three four five six seven eight nine ten.";
        String document = String.join(" ", java.util.Collections.nCopies(12, sentence));
        int budget = PretrainingExamples.wordBudget(32); // (32 - 2) / 1.3 = 23 words: two sentences per group
        assertEquals(23, budget);
        List<PretrainingExamples.Sourced> examples = new PretrainingExamples()
                .examples(List.of(new TextDocument("d", document)), TaskKind.MLM_TEXT, 32);
        assertEquals(6, examples.size());
        assertEquals(sentence + " " + sentence, examples.get(0).example().textA());
    }

    @Test
    void contrastivePairsAreConsecutiveSentencesOfOneDocument() {
        List<PretrainingExamples.Sourced> pairs = new PretrainingExamples().examples(List.of(
                new TextDocument("a", "The first sentence is here. The second one follows it. The third ends it."),
                new TextDocument("b", "Another document starts. It has two sentences.")), TaskKind.CONTRASTIVE_PAIRS, 128);
        assertEquals(List.of(
                Example.textPair("The first sentence is here.", "The second one follows it."),
                Example.textPair("The second one follows it.", "The third ends it."),
                Example.textPair("Another document starts.", "It has two sentences.")),
                pairs.stream().map(PretrainingExamples.Sourced::example).toList());
    }

    @Test
    void folderOfTextFilesIsSplitByDocument() throws IOException {
        for (int d = 0; d < 10; d++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < 20; s++) text.append("Document ").append(d).append(" says sentence number ").append(s).append(". ");
            Files.writeString(folder.resolve("doc" + d + ".txt"), text, StandardCharsets.UTF_8);
        }
        Task task = new PlainTextLoader().load("file:corpus", folder, TaskKind.CONTRASTIVE_PAIRS, LoadOptions.uncapped());
        assertEquals(10 * 19, task.train().size() + task.dev().size());
        assertEquals(2 * 19, task.dev().size(), "two of ten documents go to dev");
        String devDocument = task.dev().get(0).textA().split(" ")[1];
        assertTrue(task.train().stream().noneMatch(e -> e.textA().startsWith("Document " + devDocument + " ")));
        assertEquals(task, new PlainTextLoader().load("file:corpus", folder, TaskKind.CONTRASTIVE_PAIRS, LoadOptions.uncapped()));
    }

    @Test
    void oneDocumentPerLineAndLatin1Fallback() throws IOException {
        Path file = folder.resolve("lines.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) text.append("Line ").append(i).append(" is about the café on the corner.\n");
        Files.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        List<TextDocument> documents = new PlainTextLoader().documents(file);
        assertEquals(10, documents.size());
        assertEquals("Line 0 is about the café on the corner.", documents.get(0).text());
    }

    @Test
    void emptyCorpusIsAnError() throws IOException {
        Path file = folder.resolve("empty.txt");
        Files.writeString(file, "\n\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new PlainTextLoader().documents(file));
        assertEquals(file + ": no text found (expected one document per line, or .txt files in the folder)", e.getMessage());
    }
}
