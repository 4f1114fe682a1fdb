package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.testing.TinyCheckpoint;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad checkpoints get errors that name the file and the tensor or field. */
class ModelDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void missingTensorIsNamed() throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM));
        Map<String, HostTensor> tensors = new LinkedHashMap<>(SafeTensors.read(ckpt.weightsFile()));
        tensors.remove("bert.encoder.layer.1.attention.self.key.weight");
        SafeTensors.write(ckpt.weightsFile(), tensors, Map.of());
        IOException e = assertThrows(IOException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("missing tensor 'bert.encoder.layer.1.attention.self.key.weight'"), e.getMessage());
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void wrongShapeIsNamed() throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.roberta(TinyHead.MASKED_LM));
        Map<String, HostTensor> tensors = new LinkedHashMap<>(SafeTensors.read(ckpt.weightsFile()));
        tensors.put("lm_head.bias", new HostTensor(new long[] {3}, new float[3]));
        SafeTensors.write(ckpt.weightsFile(), tensors, Map.of());
        IOException e = assertThrows(IOException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("'lm_head.bias' has shape [3]"), e.getMessage());
    }

    @Test
    void unknownModelTypeAndMissingFieldsAreNamed() throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.albert(TinyHead.MASKED_LM));
        String config = Files.readString(ckpt.configFile());
        Files.writeString(ckpt.configFile(), config.replace("\"albert\"", "\"gpt2\""));
        IOException e = assertThrows(IOException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("unknown model_type 'gpt2'"),
                e.getMessage());
        Files.writeString(ckpt.configFile(), config.replaceAll("\"hidden_size\"\\s*:\\s*\\d+,?", ""));
        e = assertThrows(IOException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("missing field 'hidden_size'"), e.getMessage());
    }

    @Test
    void missingFilesAreExplained() throws Exception {
        IOException e = assertThrows(IOException.class, () -> load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("no such model directory"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.writeString(dir.resolve("pytorch_model.bin"), "");
        e = assertThrows(IOException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("safe_serialization"), e.getMessage());
    }

    @Test
    void notASafetensorsFileIsNamed() throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.BASE));
        Files.write(ckpt.weightsFile(), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
    }

    @Test
    void bareSentenceTransformersLayoutLoadsAndSavesInFullNames() throws Exception {
        TinyCheckpoint ckpt = TinyCheckpoints.write(dir.resolve("bare"), TinySpec.bert(TinyHead.BASE));
        try (NDManager manager = NDManager.newBaseManager(); EncoderModel model = ModelDirectory.load(ckpt.directory(), manager)) {
            assertTrue(model.parameters().has("bert.embeddings.word_embeddings.weight"));
            ModelDirectory.save(model, dir.resolve("saved"));
            try (EncoderModel again = ModelDirectory.load(dir.resolve("saved"), manager)) {
                assertArrayEquals(model.parameters().get("bert.encoder.layer.0.output.dense.weight").toFloatArray(),
                        again.parameters().get("bert.encoder.layer.0.output.dense.weight").toFloatArray());
            }
        }
    }

    private static void load(Path path) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelDirectory.load(path, manager).close();
        }
    }
}
