package dev.headcount.engine.checkpoint;

import dev.headcount.engine.hub.HubClient;
import dev.headcount.engine.hub.HubException;
import dev.headcount.engine.hub.HubRepo;
import dev.headcount.engine.hub.RepoListing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Models named {@code hf:ORG/NAME[@REVISION]}: the snapshot folder of the Hugging Face cache, which is
 * a model directory ({@code config.json}, {@code model.safetensors} or a sharded index with its shards,
 * the tokenizer files the repository has). A cache that already holds those files is used without a
 * request; otherwise the repository's listing decides which files to download.
 */
public final class HubModels {

    public static final String PREFIX = "hf:";
    /** Tokenizer files of the BERT-family repositories, taken when the repository has them. */
    static final List<String> TOKENIZER_FILES = List.of(ModelDirectory.TOKENIZER, "tokenizer_config.json",
            "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "spiece.model");

    private final HubClient client;

    public HubModels(HubClient client) {
        this.client = client;
    }

    public static boolean isHub(String spec) {
        return spec != null && spec.startsWith(PREFIX);
    }

    /** The model directory of {@code hf:ORG/NAME[@REVISION]}, downloaded into the cache if it lacks files. */
    public Path resolve(String spec) throws IOException {
        HubRepo repo;
        try {
            repo = HubRepo.parse(HubRepo.Kind.MODEL, spec.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new HubException("model " + spec + ": " + e.getMessage() + "; expected hf:ORG/NAME[@REVISION]");
        }
        Optional<Path> cached = client.cachedSnapshot(repo);
        List<String> missing = cached.isPresent() ? missing(cached.get()) : List.of(ModelDirectory.CONFIG, ModelDirectory.WEIGHTS);
        if (missing.isEmpty()) {
            return cached.get();
        }
        if (client.settings().offline()) {
            throw client.notInCache(repo, String.join(" and ", missing));
        }
        RepoListing listing = client.listing(repo);
        HubRepo atCommit = repo.at(listing.commit());
        for (String file : choose(repo, listing.files())) {
            client.download(atCommit, file);
        }
        Path snapshot = client.cache().snapshot(repo, listing.commit());
        if (Files.isRegularFile(snapshot.resolve(ModelDirectory.WEIGHTS_INDEX))
                && !Files.isRegularFile(snapshot.resolve(ModelDirectory.WEIGHTS))) {
            for (String shard : shards(snapshot)) {
                client.download(atCommit, shard);
            }
        }
        client.cache().writeRef(repo, listing.commit());
        return snapshot;
    }

    /** What a cached snapshot still lacks to be loaded (empty when complete). */
    static List<String> missing(Path snapshot) throws IOException {
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(snapshot.resolve(ModelDirectory.CONFIG))) {
            missing.add(ModelDirectory.CONFIG);
        }
        if (Files.isRegularFile(snapshot.resolve(ModelDirectory.WEIGHTS))) {
            return missing;
        }
        if (!Files.isRegularFile(snapshot.resolve(ModelDirectory.WEIGHTS_INDEX))) {
            missing.add(ModelDirectory.WEIGHTS + " (or " + ModelDirectory.WEIGHTS_INDEX + ")");
            return missing;
        }
        for (String shard : shards(snapshot)) {
            if (!Files.isRegularFile(snapshot.resolve(shard))) {
                missing.add(shard);
            }
        }
        return missing;
    }

    private static List<String> shards(Path snapshot) throws IOException {
        return ModelDirectory.shardNames(snapshot.resolve(ModelDirectory.WEIGHTS_INDEX));
    }

    /** The files to download from a listing; a repository headcount cannot read is refused with what to do. */
    static List<String> choose(HubRepo repo, List<String> files) throws HubException {
        if (!files.contains(ModelDirectory.CONFIG)) {
            throw new HubException(repo + ": no " + ModelDirectory.CONFIG + " in the repository, so it is not a "
                    + "transformers model (files: " + abbreviate(files) + ")");
        }
        List<String> chosen = new ArrayList<>(List.of(ModelDirectory.CONFIG));
        if (files.contains(ModelDirectory.WEIGHTS)) {
            chosen.add(ModelDirectory.WEIGHTS);
        } else if (files.contains(ModelDirectory.WEIGHTS_INDEX)) {
            chosen.add(ModelDirectory.WEIGHTS_INDEX);
        } else if (files.contains("pytorch_model.bin") || files.contains("pytorch_model.bin.index.json")) {
            throw new HubException(repo + " publishes its weights only as pytorch_model.bin, a Python pickle that "
                    + "headcount does not read. Use a safetensors revision if the Hub's conversion bot opened one "
                    + "(hf:" + repo.id() + "@refs/pr/N, see the repository's pull requests), or convert it once: "
                    + "python -c \"from transformers import AutoModelForMaskedLM as M; M.from_pretrained('" + repo.id()
                    + "').save_pretrained('DIR', safe_serialization=True)\" (the tokenizer likewise with AutoTokenizer) "
                    + "and pass --model DIR");
        } else {
            throw new HubException(repo + ": no " + ModelDirectory.WEIGHTS + " or " + ModelDirectory.WEIGHTS_INDEX
                    + " in the repository (files: " + abbreviate(files) + ")");
        }
        TOKENIZER_FILES.stream().filter(files::contains).forEach(chosen::add);
        return chosen;
    }

    private static String abbreviate(List<String> files) {
        return files.size() <= 12 ? String.join(", ", files)
                : String.join(", ", files.subList(0, 12)) + ", ... (" + files.size() + " in all)";
    }

    /** The client for the environment's settings. */
    static HubModels fromEnvironment() {
        return new HubModels(HubClient.fromEnvironment());
    }
}
