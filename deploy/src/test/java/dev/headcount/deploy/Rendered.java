package dev.headcount.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One overlay rendered by kustomize (kubectl's built-in one, or a standalone {@code kustomize}), parsed. */
final class Rendered {
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
    private static final YAMLMapper YAML = new YAMLMapper();

    final String overlay;
    final String text;
    final List<JsonNode> objects;

    private Rendered(String overlay, String text, List<JsonNode> objects) {
        this.overlay = overlay;
        this.text = text;
        this.objects = objects;
    }

    /** {@code deploy/} (surefire passes it; falls back to the working directory, which is the module's). */
    static Path deployDir() {
        String configured = System.getProperty("headcount.deploy.dir");
        return configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    }

    /** The overlay directories: every {@code overlays/<name>} with a kustomization.yaml. */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(deployDir().resolve("overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + deployDir().resolve("overlays"), e);
        }
    }

    static Rendered of(String overlay) {
        return CACHE.computeIfAbsent(overlay, Rendered::render);
    }

    private static Rendered render(String overlay) {
        Path dir = deployDir().resolve("overlays").resolve(overlay);
        List<String> command = kustomizeCommand(dir);
        String text;
        try {
            Path out = Files.createTempFile("kustomize-" + overlay + "-", ".yaml");
            Path err = Files.createTempFile("kustomize-" + overlay + "-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    fail("rendering overlay '" + overlay + "' failed: " + String.join(" ", command) + " exited "
                            + process.exitValue() + ":\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                text = Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) objects.add(doc);
            }
        } catch (IOException e) {
            fail("overlay '" + overlay + "' rendered YAML that does not parse: " + e.getMessage());
        }
        return new Rendered(overlay, text, List.copyOf(objects));
    }

    /** {@code kubectl kustomize DIR}, else {@code kustomize build DIR}; a clear failure when neither is installed. */
    private static List<String> kustomizeCommand(Path dir) {
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) return List.of(kubectl.get().toString(), "kustomize", dir.toString());
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) return List.of(kustomize.get().toString(), "build", dir.toString());
        fail("the deploy tests render deploy/overlays/* with kustomize, but neither `kubectl` (>= 1.21, with its "
                + "built-in kustomize) nor `kustomize` is on PATH. Install kubectl (e.g. `apt-get install kubectl` "
                + "from the Kubernetes apt repository) or skip this module: mvn test -pl '!deploy'");
        throw new AssertionError("unreachable");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    // ---- queries over the rendered objects -------------------------------------------------------

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseGet(() -> fail("overlay '" + overlay + "' has no " + kind + " '" + name + "'"));
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : podSpec(workload).path("containers")) {
            if (name.equals(c.path("name").asText())) return c;
        }
        return fail(workload.path("kind").asText() + " " + name(workload) + " has no container '" + name + "'");
    }
}
