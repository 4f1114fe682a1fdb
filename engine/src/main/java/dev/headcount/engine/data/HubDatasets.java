package dev.headcount.engine.data;

import dev.headcount.engine.hub.HubClient;
import dev.headcount.engine.hub.HubException;
import dev.headcount.engine.hub.HubRepo;
import dev.headcount.engine.hub.RepoListing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Data sets from the parquet files of Hugging Face Hub data set repositories, kept in the shared
 * Hugging Face cache ({@code datasets--ORG--NAME}): GLUE from {@code nyu-mll/glue}
 * ({@code cola/train-00000-of-00001.parquet}, {@code cola/validation-00000-of-00001.parquet}, ...) and
 * {@code hf-dataset:ORG/NAME[/CONFIG][@REVISION]} for any repository laid out the same way
 * ({@code CONFIG/SPLIT-00000-of-0000N.parquet}, {@code data/SPLIT-...}, or the {@code refs/convert/parquet}
 * revision's {@code CONFIG/SPLIT/0000.parquet}). A split's files are downloaded together and read as one table.
 */
public final class HubDatasets {

    public static final String GLUE_REPO = "nyu-mll/glue";
    public static final String PREFIX = "hf-dataset:";

    private final HubClient client;

    public HubDatasets(HubClient client) {
        this.client = client;
    }

    /** The folder of a GLUE task in the {@code nyu-mll/glue} snapshot, holding its train and validation files. */
    public Path glueFolder(GlueTask glue) throws IOException {
        HubRepo repo = new HubRepo(HubRepo.Kind.DATASET, GLUE_REPO, HubRepo.DEFAULT_REVISION);
        List<String> splits = new ArrayList<>(List.of("train"));
        glue.devFiles().keySet().stream().sorted().forEach(dev -> splits.add(dev.replace("dev", "validation")));
        Map<String, List<Path>> files = splitFiles(repo, glue.id() + "/", splits, splits);
        return files.get("train").get(0).getParent();
    }

    /**
     * {@code hf-dataset:ORG/NAME[/CONFIG][@REVISION]}: its {@code train} split, and its {@code validation} split as
     * the dev split when present (else the seeded 80/20 split), read as {@link FileTaskLoader} reads exports;
     * parameters as for {@code file:} ({@code kind}, {@code labels}), plus {@code train=} and {@code dev=} to name
     * other splits.
     */
    public Task load(String name, String spec, Map<String, String> parameters, LoadOptions options) throws IOException {
        String rest = spec.substring(PREFIX.length());
        int at = rest.indexOf('@');
        String path = at < 0 ? rest : rest.substring(0, at);
        String revision = at < 0 ? HubRepo.DEFAULT_REVISION : rest.substring(at + 1);
        String[] parts = path.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || Stream.of(parts).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("'" + name + "': expected hf-dataset:ORG/NAME[/CONFIG][@REVISION]");
        }
        HubRepo repo = new HubRepo(HubRepo.Kind.DATASET, parts[0] + "/" + parts[1], revision);
        String prefix = parts.length == 3 ? parts[2] + "/" : "";
        String train = parameters.getOrDefault("train", "train");
        String dev = parameters.getOrDefault("dev", "validation");
        Map<String, List<Path>> files = splitFiles(repo, prefix, List.of(train, dev), List.of(train));
        TaskKind kind = TaskKind.fromShortName(parameters.getOrDefault("kind", TaskKind.SINGLE_SENTENCE_CLASSIFICATION.shortName()));
        return new FileTaskLoader().loadExport(name, files.get(train), files.getOrDefault(dev, List.of()), kind, parameters, options);
    }

    /**
     * The parquet files of each split under {@code prefix}, from the cache when it holds every shard of the
     * required splits, else downloaded at the commit the listing names.
     */
    Map<String, List<Path>> splitFiles(HubRepo repo, String prefix, List<String> splits, List<String> required)
            throws IOException {
        Optional<Path> cached = client.cachedSnapshot(repo);
        if (cached.isPresent()) {
            Map<String, List<Path>> found = cachedSplits(cached.get(), prefix, splits);
            if (found.keySet().containsAll(required)) {
                return found;
            }
        }
        if (client.settings().offline()) {
            throw client.notInCache(repo, "the parquet files of split(s) " + required + " under '" + prefix + "'");
        }
        RepoListing listing = client.listing(repo);
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (String split : splits) {
            List<String> matching = listing.files().stream().filter(f -> f.startsWith(prefix))
                    .filter(f -> splitOf(f.substring(prefix.length()), split).isPresent()).sorted().toList();
            if (!matching.isEmpty()) {
                names.put(split, matching);
            } else if (required.contains(split)) {
                List<String> under = listing.files().stream().filter(f -> f.startsWith(prefix) && f.endsWith(".parquet")).toList();
                throw new HubException(repo + ": no parquet files of split '" + split + "' under '" + prefix + "' (parquet "
                        + "files there: " + (under.isEmpty() ? "none" : under.size() > 10 ? under.subList(0, 10) + "..." : under)
                        + "); a data set without a parquet export may have one in revision refs/convert/parquet");
            }
        }
        HubRepo atCommit = repo.at(listing.commit());
        Map<String, List<Path>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> split : names.entrySet()) {
            List<Path> paths = new ArrayList<>();
            for (String file : split.getValue()) {
                paths.add(client.download(atCommit, file));
            }
            out.put(split.getKey(), paths);
        }
        client.cache().writeRef(repo, listing.commit());
        return out;
    }

    /** The cached snapshot's files per split; a split missing one of its {@code -of-N} shards is left out. */
    private static Map<String, List<Path>> cachedSplits(Path snapshot, String prefix, List<String> splits) throws IOException {
        Path folder = snapshot.resolve(prefix.isEmpty() ? "." : prefix).normalize();
        if (!Files.isDirectory(folder)) {
            return Map.of();
        }
        List<String> relative;
        try (Stream<Path> walk = Files.walk(folder)) {
            relative = walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        Map<String, List<Path>> out = new LinkedHashMap<>();
        for (String split : splits) {
            TreeMap<String, Integer> shards = new TreeMap<>();
            for (String file : relative) {
                splitOf(file, split).ifPresent(total -> shards.put(file, total));
            }
            boolean complete = !shards.isEmpty() && shards.values().stream().allMatch(total -> total < 0 || total == shards.size());
            if (complete) {
                out.put(split, shards.keySet().stream().map(folder::resolve).toList());
            }
        }
        return out;
    }

    private static final Pattern SHARD = Pattern.compile("(?:data/)?(.+?)(?:-\\d+-of-(\\d+))?\\.parquet");
    private static final Pattern CONVERTED = Pattern.compile("(.+)/\\d+\\.parquet");

    /**
     * Whether a file (relative to the config folder) belongs to the split: present with the shard count its
     * name states, or -1 when the name states none.
     */
    static Optional<Integer> splitOf(String relative, String split) {
        Matcher shard = SHARD.matcher(relative);
        if (shard.matches() && shard.group(1).equals(split)) {
            return Optional.of(shard.group(2) == null ? -1 : Integer.parseInt(shard.group(2)));
        }
        Matcher converted = CONVERTED.matcher(relative);
        if (converted.matches() && converted.group(1).equals(split)) {
            return Optional.of(-1);
        }
        return Optional.empty();
    }
}
