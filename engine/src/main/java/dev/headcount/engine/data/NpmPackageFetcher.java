package dev.headcount.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches an npm package tarball with the npm client ({@code npm pack}, no Node code is run),
 * checks it against the integrity hash we expect, and extracts only the entries that are needed.
 */
public final class NpmPackageFetcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MINUTES = 10;

    private final String npmCommand;

    public NpmPackageFetcher() {
        this("npm");
    }

    /** @param npmCommand the npm executable, for a non-standard install */
    public NpmPackageFetcher(String npmCommand) {
        this.npmCommand = npmCommand;
    }

    /** A pinned package and the sha512 integrity npm reports for it. */
    public record NpmPackage(String name, String version, String integrity) {
        public String spec() {
            return name + "@" + version;
        }
    }

    /** Packs the package into {@code folder}, verifies it, extracts entries accepted by {@code wanted}, deletes the tarball. */
    public void fetchAndExtract(NpmPackage pkg, Path folder, Predicate<String> wanted) throws IOException {
        Path tarball = pack(pkg, folder);
        verify(pkg, tarball);
        extract(tarball, folder, wanted);
        Files.delete(tarball);
    }

    private Path pack(NpmPackage pkg, Path folder) throws IOException {
        List<String> command = List.of(npmCommand, "pack", pkg.spec(), "--json", "--silent");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectError(folder.resolve("npm-pack.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + npmCommand + "' to fetch " + pkg.spec() + ": install Node.js/npm (e.g. 'apt-get install npm')"
                    + " or use tasks that do not need it (builtin/lt-*, glue/..., file:...)", e);
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("npm pack " + pkg.spec() + " took longer than " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + pkg.spec(), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack " + pkg.spec() + " failed with exit code " + process.exitValue() + ": "
                    + Files.readString(folder.resolve("npm-pack.log")).strip());
        }
        Files.deleteIfExists(folder.resolve("npm-pack.log"));
        JsonNode packed = JSON.readTree(output);
        JsonNode first = packed.isArray() && packed.size() > 0 ? packed.get(0) : null;
        if (first == null || !first.hasNonNull("filename")) {
            throw new IOException("npm pack " + pkg.spec() + " printed no file name: " + output);
        }
        // scoped packages are packed as scope-name-version.tgz; npm reports the name it used
        return folder.resolve(first.get("filename").asText());
    }

    static void verify(NpmPackage pkg, Path tarball) throws IOException {
        String actual;
        try (InputStream in = Files.newInputStream(tarball)) {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) sha512.update(buffer, 0, n);
            actual = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-512", e);
        }
        if (!actual.equals(pkg.integrity())) {
            throw new IOException(tarball + ": integrity " + actual + " does not match the expected " + pkg.integrity()
                    + " of " + pkg.spec() + "; refusing to use it");
        }
    }

    static void extract(Path tarball, Path folder, Predicate<String> wanted) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tarball)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile() || !wanted.test(entry.getName())) continue;
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(tarball + ": entry " + entry.getName() + " points outside the extraction folder");
                }
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
            }
        }
    }
}
