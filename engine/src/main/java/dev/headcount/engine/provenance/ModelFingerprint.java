package dev.headcount.engine.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The fingerprint of a model directory: the SHA-256 of every file that determines the numbers it computes
 * ({@code config.json}, {@code tokenizer.json}, {@code head_mask.json} and the {@code *.safetensors} weights), and
 * one digest over them all: SHA-256 of the lines {@code name␠sha256\n}, sorted by name. Files such as
 * {@code training.json} are left out: they describe a model but do not change what it computes.
 *
 * @param sha256 the digest over all files (lower-case hex)
 * @param files  the files in name order
 */
public record ModelFingerprint(String sha256, List<FileDigest> files) {

    /** One file: its name in the directory, its size and its SHA-256. */
    public record FileDigest(String name, long bytes, String sha256) {
    }

    /** Scoring and evaluating fingerprint the same few files over and over; a changed file changes its key. */
    private static final Map<CacheKey, FileDigest> CACHE = new ConcurrentHashMap<>();

    private record CacheKey(Path file, long bytes, FileTime modified) {
    }

    public ModelFingerprint {
        files = List.copyOf(files);
    }

    /** Fingerprints the model in {@code directory}; an {@link IOException} naming it when it has no such files. */
    public static ModelFingerprint of(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + ": no such model directory (cannot fingerprint it)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).filter(ModelFingerprint::determinesNumbers).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(directory + ": no config.json or *.safetensors to fingerprint");
        }
        List<FileDigest> digests = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (Path file : files) {
            FileDigest digest = digest(file);
            digests.add(digest);
            lines.append(digest.name()).append(' ').append(digest.sha256()).append('\n');
        }
        return new ModelFingerprint(Digests.hex(Digests.sha256().digest(lines.toString().getBytes(StandardCharsets.UTF_8))),
                digests);
    }

    static boolean determinesNumbers(Path file) {
        String name = file.getFileName().toString();
        return name.equals("config.json") || name.equals("tokenizer.json") || name.equals("head_mask.json")
                || name.endsWith(".safetensors");
    }

    private static FileDigest digest(Path file) throws IOException {
        CacheKey key = new CacheKey(file.toAbsolutePath().normalize(), Files.size(file), Files.getLastModifiedTime(file));
        FileDigest cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        MessageDigest sha = Digests.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        FileDigest digest = new FileDigest(file.getFileName().toString(), key.bytes(), Digests.hex(sha.digest()));
        CACHE.put(key, digest);
        return digest;
    }
}
