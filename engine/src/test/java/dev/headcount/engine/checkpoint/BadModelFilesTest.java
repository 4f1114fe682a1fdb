package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.engine.autograd.NonFiniteException;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.testing.TinyCheckpoint;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model directories that lie: each is refused with a {@link ModelFormatException} naming the file and the tensor or
 * config field, before anything is loaded, and the directory is left as it was.
 */
class BadModelFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "bert.encoder.layer.0.attention.self.query.weight";

    @TempDir
    Path dir;

    @Test
    void truncatedWeightsNameTheLastTensorAndTheDataSize() throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        try (FileChannel channel = FileChannel.open(ckpt.weightsFile(), StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 10);
        }
        String message = refused(dir);
        assertTrue(message.startsWith(ckpt.weightsFile() + ": tensor '"), message);
        assertTrue(message.contains("beyond the") && message.contains("a truncated file?"), message);
    }

    @Test
    void headerLengthBeyondTheFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, withLength(1000, "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(file + ": not a safetensors file (header length 1000 for a file of 10 bytes; a truncated download?)",
                readRefused(file));
        Files.write(file, new byte[5]);
        assertEquals(file + ": not a safetensors file (5 bytes, shorter than its 8-byte header length)", readRefused(file));
    }

    @Test
    void headerThatIsNotJson() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, withLength(-1, "{\"a\": {\"dtype\": \"F32\", ".getBytes(StandardCharsets.UTF_8)));
        String message = readRefused(file);
        assertTrue(message.startsWith(file + ": safetensors header is not valid JSON: Unexpected end-of-input"), message);
        Files.write(file, withLength(-1, "[1, 2]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(file + ": safetensors header is not a JSON object of tensors but ARRAY", readRefused(file));
        Files.write(file, withLength(-1, ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}    ").getBytes(StandardCharsets.UTF_8)));
        assertTrue(readRefused(file).contains("Duplicate field 'a'"), "a tensor named twice");
    }

    @Test
    void offsetsBeyondTheData() throws Exception {
        Path file = header("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertEquals(file + ": tensor 'w' has data_offsets [0, 16] beyond the 8 bytes of tensor data in the file"
                + " (a truncated file?)", readRefused(file));
    }

    @Test
    void overlappingTensors() throws Exception {
        Path file = header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertEquals(file + ": tensors 'a' [0, 8] and 'b' [4, 12] overlap in the safetensors data", readRefused(file));
    }

    @Test
    void shapeTimesDtypeDisagreesWithTheByteRange() throws Exception {
        Path file = header("{\"w\":{\"dtype\":\"F16\",\"shape\":[3, 2],\"data_offsets\":[0,8]}}", 8);
        assertEquals(file + ": tensor 'w' is F16 [3, 2], which takes 12 bytes, but its data_offsets [0, 8] span 8",
                readRefused(file));
        Path overflow = header("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296, 4294967296],\"data_offsets\":[0,8]}}", 8);
        assertTrue(readRefused(overflow).contains("which takes more than 2^63 bytes"), "a shape whose size overflows");
        Path negative = header("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2, -1],\"data_offsets\":[0,8]}}", 8);
        assertEquals(negative + ": tensor 'w' has shape [-2,-1]: dimension 0 is not a non-negative integer",
                readRefused(negative));
        Path dtype = header("{\"w\":{\"dtype\":\"F12\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertTrue(readRefused(dtype).startsWith(dtype + ": tensor 'w' has unknown dtype \"F12\""));
    }

    @Test
    void nanAndInfiniteWeightsNameTheTensor() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
            TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
            Map<String, HostTensor> tensors = new LinkedHashMap<>(SafeTensors.read(ckpt.weightsFile()));
            float[] data = tensors.get(QUERY).data().clone();
            data[5] = bad;
            tensors.put(QUERY, new HostTensor(tensors.get(QUERY).shape(), data));
            SafeTensors.write(ckpt.weightsFile(), tensors, Map.of());
            assertEquals(ckpt.weightsFile() + ": tensor '" + QUERY + "' [16, 16] holds " + bad + " at element 5 (1 of 256"
                    + " values not finite): a model with non-finite weights cannot be scored or trained", refused(dir));
        }
    }

    @Test
    void hiddenSizeThatDisagreesNamesTheFieldAndTheTensor() throws Exception {
        TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        editConfig(c -> c.put("hidden_size", 32));
        assertEquals(dir.resolve("model.safetensors") + ": tensor 'bert.embeddings.word_embeddings.weight' has shape"
                + " [40, 16] but config.json implies [40, 32]; dimension 1 is hidden_size (32) in config.json, the weights"
                + " say 16", refused(dir));
        TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        editConfig(c -> c.put("intermediate_size", 30));
        String message = refused(dir);
        assertTrue(message.contains("tensor 'bert.encoder.layer.0.intermediate.dense.weight' has shape [24, 16]")
                && message.contains("dimension 0 is intermediate_size (30) in config.json, the weights say 24"), message);
    }

    @Test
    void layerCountThatDisagreesNamesNumHiddenLayers() throws Exception {
        TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        editConfig(c -> c.put("num_hidden_layers", 2));
        String fewer = refused(dir);
        assertTrue(fewer.startsWith(dir.resolve("model.safetensors") + ": the weights have 3 layers (e.g. tensor"
                + " 'bert.encoder.layer.2.") && fewer.endsWith("but config.json's num_hidden_layers is 2: fix one of them"), fewer);
        editConfig(c -> c.put("num_hidden_layers", 4));
        String more = refused(dir);
        assertTrue(more.contains("missing tensor 'bert.encoder.layer.3.attention.self.query.weight'")
                && more.endsWith("; the weights have no layer 3 at all, but config.json's num_hidden_layers is 4"), more);
    }

    @Test
    void headsAndSizesThatCannotBeAreNamed() throws Exception {
        TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        editConfig(c -> c.put("num_attention_heads", 3));
        assertEquals(dir.resolve("config.json") + ": hidden_size 16 is not a multiple of num_attention_heads 3", refused(dir));
        editConfig(c -> c.put("num_attention_heads", 0));
        assertEquals(dir.resolve("config.json") + ": field 'num_attention_heads' must be a positive integer, found 0",
                refused(dir));
        editConfig(c -> c.put("num_attention_heads", "four"));
        assertEquals(dir.resolve("config.json") + ": field 'num_attention_heads' should be an integer, found \"four\"",
                refused(dir));
    }

    @Test
    void missingTokenizerIsNamedWhereItIsNeeded() throws Exception {
        TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = ModelDirectory.load(dir, manager)) {
            assertTrue(model.tokenizerFile().isEmpty(), "a directory without tokenizer.json loads; its users say what is missing");
        }
        Path tokenizer = dir.resolve(ModelDirectory.TOKENIZER);
        IOException e = assertThrows(IOException.class, () -> TextTokenizer.open(tokenizer, 16));
        assertTrue(e.getMessage().startsWith(tokenizer + ": not a readable tokenizer.json: "), e.getMessage());
    }

    @Test
    void aModelWithANonFiniteWeightIsNeverSaved() throws Exception {
        TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        Path target = dir.resolveSibling(dir.getFileName() + "-saved");
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = ModelDirectory.load(dir, manager)) {
            HostTensor query = model.parameters().toHost().get(QUERY);
            float[] data = query.data().clone();
            data[0] = Float.NaN;
            model.parameters().put(QUERY, new HostTensor(query.shape(), data));
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> ModelDirectory.save(model, target));
            assertTrue(e.getMessage().contains(QUERY), e.getMessage());
        }
        assertTrue(Files.notExists(target), "nothing of the refused model was written");
    }

    /** Each refusal leaves the model directory exactly as it was (loading never writes). */
    private static String refused(Path directory) throws IOException {
        List<String> before = listing(directory);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                ModelDirectory.load(directory, manager).close();
            }
        });
        assertEquals(before, listing(directory));
        return e.getMessage();
    }

    private static String readRefused(Path file) {
        return assertThrows(ModelFormatException.class, () -> SafeTensors.read(file)).getMessage();
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName() + ":" + f.toFile().length()).sorted().toList();
        }
    }

    private void editConfig(java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
    }

    /** A safetensors file with this header and {@code dataBytes} zero bytes of data. */
    private Path header(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        byte[] file = withLength(h.length, h);
        Path path = dir.resolve("lying.safetensors");
        Files.write(path, java.util.Arrays.copyOf(file, file.length + dataBytes));
        return path;
    }

    /** The 8-byte little-endian length (the header's own when {@code length < 0}) followed by {@code header}. */
    static byte[] withLength(long length, byte[] header) {
        return ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(length < 0 ? header.length : length).put(header).array();
    }
}
