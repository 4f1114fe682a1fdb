package dev.headcount.engine.checkpoint;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.autograd.Finite;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.HfNames;
import dev.headcount.engine.model.ModelConfig;
import dev.headcount.engine.model.Parameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face model directory: {@code config.json}, {@code model.safetensors} (or the shards a
 * {@code model.safetensors.index.json} names) and optionally {@code tokenizer.json}. It is also the
 * engine's own format, so what headcount saves (pruned or fine-tuned) is readable by transformers.
 */
public final class ModelDirectory {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    /** transformers' sharded save: {@code weight_map} names the shard of each tensor. */
    public static final String WEIGHTS_INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.json";

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Top-level module names of a bare encoder, as sentence-transformers saves it without a prefix. */
    private static final List<String> BARE_ENCODER_MODULES = List.of("embeddings.", "encoder.", "pooler.");

    private ModelDirectory() {
    }

    /** Loads a model; the returned model owns a sub-manager of {@code manager}. */
    public static EncoderModel load(Path dir, NDManager manager) throws IOException {
        Path configFile = dir.resolve(CONFIG);
        Path weightsFile = Files.isRegularFile(dir.resolve(WEIGHTS)) ? dir.resolve(WEIGHTS) : dir.resolve(WEIGHTS_INDEX);
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such model directory");
        }
        if (!Files.isRegularFile(configFile)) {
            throw new IOException(dir + ": no " + CONFIG + " (a Hugging Face model directory needs one)");
        }
        List<Path> weightFiles = weightFiles(dir);
        ModelConfig declared = HfConfig.read(configFile);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        Map<String, Path> origin = new LinkedHashMap<>();
        for (Path file : weightFiles) {
            for (Map.Entry<String, HostTensor> t : SafeTensors.read(file).entrySet()) {
                Path earlier = origin.putIfAbsent(t.getKey(), file);
                if (earlier != null) {
                    throw new IOException(dir + ": tensor '" + t.getKey() + "' is in two shards, " + earlier.getFileName()
                            + " and " + file.getFileName());
                }
                tensors.put(t.getKey(), t.getValue());
            }
        }
        tensors = withEncoderPrefix(tensors, declared);
        ModelConfig config = labelsFromWeights(declared, tensors, configFile, weightsFile);
        checkLayerCount(tensors, config, weightsFile);
        Map<String, HostTensor> selected = select(tensors, config, weightsFile);
        checkFinite(selected, weightsFile);
        Parameters params = new Parameters(manager.newSubManager());
        try {
            selected.forEach(params::put);
        } catch (RuntimeException e) {
            params.close();
            throw e;
        }
        Path tokenizer = dir.resolve(TOKENIZER);
        return new EncoderModel(config, params, Files.isRegularFile(tokenizer) ? tokenizer : null);
    }

    /**
     * The weight files: {@code model.safetensors}, else the shards {@code model.safetensors.index.json} names
     * (in the order of their names), checked to exist.
     */
    public static List<Path> weightFiles(Path dir) throws IOException {
        Path single = dir.resolve(WEIGHTS);
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        Path index = dir.resolve(WEIGHTS_INDEX);
        if (!Files.isRegularFile(index)) {
            String hint = Files.exists(dir.resolve("pytorch_model.bin"))
                    ? " (found pytorch_model.bin: save the model with safe_serialization=True)" : "";
            throw new IOException(dir + ": no " + WEIGHTS + " and no " + WEIGHTS_INDEX + hint);
        }
        List<String> shards = shardNames(index);
        List<Path> files = new ArrayList<>();
        for (String shard : shards) {
            Path file = dir.resolve(shard).normalize();
            if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
                throw new IOException(index + ": weight_map names shard '" + shard + "', which is not in " + dir);
            }
            files.add(file);
        }
        return files;
    }

    /** The shard files an index's {@code weight_map} names, sorted, present or not. */
    static List<String> shardNames(Path index) throws IOException {
        TreeSet<String> shards = new TreeSet<>();
        try {
            JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
            if (!map.isObject() || map.isEmpty()) {
                throw new IOException(index + ": no 'weight_map' object naming the shard of each tensor");
            }
            map.fields().forEachRemaining(e -> shards.add(e.getValue().asText()));
        } catch (JsonProcessingException e) {
            throw new IOException(index + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        return List.copyOf(shards);
    }

    /**
     * The number of labels of a classification head comes from its weights. transformers'
     * {@code save_pretrained} leaves {@code id2label} and {@code num_labels} out of config.json when
     * they have their defaults (two labels), and transformers then assumes 2; the classifier's
     * output rows say it exactly. When config.json does name a number, it must agree.
     */
    static ModelConfig labelsFromWeights(ModelConfig config, Map<String, HostTensor> tensors, Path configFile,
                                         Path weightsFile) throws IOException {
        String name = HfNames.weight(new HfNames(config.architecture()).classifierOutput());
        HostTensor classifier = tensors.get(name);
        if (classifier == null || classifier.shape().length != 2) {
            return config;
        }
        int fromWeights = Math.toIntExact(classifier.shape()[0]);
        if (config.numLabels() == 0) {
            return config.withNumLabels(fromWeights);
        }
        if (config.numLabels() != fromWeights) {
            throw new ModelFormatException(configFile + " says " + config.numLabels() + " label(s) (num_labels or id2label) but "
                    + weightsFile.getFileName() + " has a classifier '" + name + "' with " + fromWeights
                    + " output row(s) " + Arrays.toString(classifier.shape()) + ": fix one of them");
        }
        return config;
    }

    /** Builds a model from tensors already in memory (e.g. a built-in import), with the same checks. */
    public static EncoderModel fromTensors(ModelConfig config, Map<String, HostTensor> tensors, Path tokenizer,
                                           NDManager manager, String origin) throws IOException {
        Map<String, HostTensor> selected = select(withEncoderPrefix(tensors, config), config, Path.of(origin));
        Parameters params = new Parameters(manager.newSubManager());
        selected.forEach(params::put);
        return new EncoderModel(config, params, tokenizer);
    }

    /** Layer numbers in tensor names ({@code bert.encoder.layer.7.attention...}); ALBERT's shared groups do not match. */
    private static final Pattern LAYER = Pattern.compile("(?:^|\\.)encoder\\.layer\\.(\\d{1,9})\\.");

    /**
     * Weights with more layers than config.json's {@code num_hidden_layers} would load the first layers only and
     * silently drop the rest: refused, naming the field and a tensor of the first surplus layer. (Fewer layers show
     * as a missing tensor in {@link #select}.)
     */
    private static void checkLayerCount(Map<String, HostTensor> tensors, ModelConfig config, Path file)
            throws ModelFormatException {
        if (config.architecture() == Architecture.ALBERT) {
            return;
        }
        String surplus = null;
        int layers = 0;
        for (String name : tensors.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) {
                int layer = Integer.parseInt(m.group(1));
                if (layer >= config.numLayers() && (surplus == null || layer + 1 > layers)) {
                    surplus = name;
                }
                layers = Math.max(layers, layer + 1);
            }
        }
        if (surplus != null) {
            throw new ModelFormatException(file + ": the weights have " + layers + " layers (e.g. tensor '" + surplus
                    + "') but config.json's num_hidden_layers is " + config.numLayers() + ": fix one of them");
        }
    }

    /** A NaN or infinite weight would turn every score and gradient into NaN: refused by tensor name at load. */
    private static void checkFinite(Map<String, HostTensor> tensors, Path file) throws ModelFormatException {
        for (Map.Entry<String, HostTensor> t : tensors.entrySet()) {
            float[] data = t.getValue().data();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    int bad = 0;
                    for (float v : data) {
                        bad += Float.isFinite(v) ? 0 : 1;
                    }
                    throw new ModelFormatException(file + ": tensor '" + t.getKey() + "' " + t.getValue().shapeString()
                            + " holds " + data[i] + " at element " + i + " (" + bad + " of " + data.length
                            + " values not finite): a model with non-finite weights cannot be scored or trained");
                }
            }
        }
    }

    /** Adds "bert." (etc.) to the encoder tensors of a bare save such as sentence-transformers'. */
    private static Map<String, HostTensor> withEncoderPrefix(Map<String, HostTensor> tensors, ModelConfig config) {
        String prefix = new HfNames(config.architecture()).encoderPrefix();
        boolean bare = tensors.keySet().stream().noneMatch(k -> k.startsWith(prefix))
                && tensors.keySet().stream().anyMatch(k -> k.startsWith("embeddings."));
        if (!bare) {
            return tensors;
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(BARE_ENCODER_MODULES.stream().anyMatch(k::startsWith) ? prefix + k : k, v));
        return out;
    }

    /** Picks the tensors the config implies, checking presence and shapes; heads are all-or-nothing. */
    private static Map<String, HostTensor> select(Map<String, HostTensor> tensors, ModelConfig config, Path file)
            throws IOException {
        ExpectedTensors expected = ExpectedTensors.of(config);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        take(out, tensors, expected.encoder(), true, file, "encoder", config);
        boolean classifier = config.numLabels() > 0;
        // BERT and ALBERT classifiers without a pooler pool by the mean (SequenceClassifier); RoBERTa's head needs its dense
        boolean poolerNeeded = classifier && config.architecture() == Architecture.ROBERTA;
        take(out, tensors, expected.pooler(), poolerNeeded || present(tensors, expected.pooler()), file,
                "pooler of the classification head", config);
        take(out, tensors, expected.classifier(), classifier, file, "classification head (num_labels > 0)", config);
        take(out, tensors, expected.mlmHead(), present(tensors, expected.mlmHead()), file, "masked-LM head", config);
        TreeSet<String> ignored = new TreeSet<>(tensors.keySet());
        ignored.removeAll(out.keySet());
        if (!ignored.isEmpty()) {
            // tied decoder copies, NSP heads and the like: not used by headcount
            LOG.debug("{}: ignoring tensors {}", file, ignored);
        }
        return out;
    }

    private static boolean present(Map<String, HostTensor> tensors, Map<String, long[]> group) {
        return group.keySet().stream().anyMatch(tensors::containsKey);
    }

    /** When a missing tensor is of a layer the weights lack altogether, the cause is num_hidden_layers. */
    private static String layerHint(String missing, Map<String, HostTensor> tensors, ModelConfig config) {
        Matcher m = LAYER.matcher(missing);
        if (!m.find()) {
            return "";
        }
        int layer = Integer.parseInt(m.group(1));
        boolean layerPresent = tensors.keySet().stream().anyMatch(k -> {
            Matcher other = LAYER.matcher(k);
            return other.find() && Integer.parseInt(other.group(1)) == layer;
        });
        return layerPresent ? "" : "; the weights have no layer " + layer + " at all, but config.json's num_hidden_layers is "
                + config.numLayers();
    }

    private static void take(Map<String, HostTensor> out, Map<String, HostTensor> tensors, Map<String, long[]> group,
                             boolean required, Path file, String what, ModelConfig config) throws IOException {
        if (!required) {
            return;
        }
        for (Map.Entry<String, long[]> e : group.entrySet()) {
            HostTensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new ModelFormatException(file + ": missing tensor '" + e.getKey() + "' of the " + what
                        + " (expected shape " + Arrays.toString(e.getValue()) + ")" + layerHint(e.getKey(), tensors, config));
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new ModelFormatException(file + ": tensor '" + e.getKey() + "' has shape " + t.shapeString()
                        + " but config.json implies " + Arrays.toString(e.getValue())
                        + ConfigFields.disagreeing(config, e.getValue(), t.shape()));
            }
            out.put(e.getKey(), t);
        }
    }

    /** Saves config, weights (F32) and the tokenizer file, replacing the directory's previous contents. */
    public static void save(EncoderModel model, Path dir) throws IOException {
        Map<String, HostTensor> weights = model.parameters().toHost();
        // a model with a NaN or infinite weight is never written (the checks upstream should have stopped it)
        weights.forEach((name, t) -> Finite.check(t.data(), "weight " + name + " of the model to save in " + dir,
                i -> "element " + i));
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS), weights, Map.of("format", "pt"));
        HfConfig.write(model.config(), dir.resolve(CONFIG));
        if (model.tokenizerFile().isPresent()) {
            Path target = dir.resolve(TOKENIZER);
            if (!Files.exists(target) || !Files.isSameFile(model.tokenizerFile().get(), target)) {
                Files.copy(model.tokenizerFile().get(), target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
