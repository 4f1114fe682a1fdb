package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.hub.DownloadProgress;
import dev.headcount.engine.hub.FakeHub;
import dev.headcount.engine.hub.HubClient;
import dev.headcount.engine.hub.HubException;
import dev.headcount.engine.hub.HubSettings;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.testing.TinyCheckpoint;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hf:ORG/NAME} against a loopback fake Hub serving tiny checkpoints, single-file and sharded. */
class HubModelsTest {

    @TempDir
    Path work;

    private FakeHub hub;
    private TinyCheckpoint checkpoint;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        checkpoint = TinyCheckpoints.write(work.resolve("local"), TinySpec.roberta(TinyHead.MASKED_LM));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubModels models(boolean offline) {
        return new HubModels(new HubClient(new HubSettings(hub.endpoint(), work.resolve("cache"), work.resolve("token"),
                Optional.empty(), offline), DownloadProgress.NONE));
    }

    @Test
    void aHubModelLoadsWithTheWeightsTheRepositoryHolds() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", Files.readAllBytes(checkpoint.configFile()));
        files.put("model.safetensors", Files.readAllBytes(checkpoint.weightsFile()));
        files.put("tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", "# tiny".getBytes(StandardCharsets.UTF_8));
        String commit = hub.add("org/tiny-roberta", files, false);

        Path dir = models(false).resolve("hf:org/tiny-roberta");
        assertEquals(work.resolve("cache/models--org--tiny-roberta/snapshots").resolve(commit), dir);
        assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")));
        assertTrue(Files.notExists(dir.resolve("README.md")), "only the files a model needs are downloaded");
        assertSameWeights(dir);

        int before = hub.requests().size();
        assertEquals(dir, models(false).resolve("hf:org/tiny-roberta"));
        assertEquals(dir, models(true).resolve("hf:org/tiny-roberta@main"));
        assertEquals(before, hub.requests().size(), "a complete cached snapshot needs no request");
    }

    @Test
    void aShardedCheckpointIsDownloadedShardByShardAndLoadsWhole() throws IOException {
        Map<String, HostTensor> first = new LinkedHashMap<>();
        Map<String, HostTensor> second = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("{\"metadata\": {\"total_size\": 0}, \"weight_map\": {");
        int i = 0;
        for (Map.Entry<String, HostTensor> e : checkpoint.tensors().entrySet()) {
            String shard = i % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (i % 2 == 0 ? first : second).put(e.getKey(), e.getValue());
            index.append(i == 0 ? "" : ", ").append('"').append(e.getKey()).append("\": \"").append(shard).append('"');
            i++;
        }
        index.append("}}");
        Path shards = Files.createDirectories(work.resolve("shards"));
        SafeTensors.write(shards.resolve("a"), first, Map.of("format", "pt"));
        SafeTensors.write(shards.resolve("b"), second, Map.of("format", "pt"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", Files.readAllBytes(checkpoint.configFile()));
        files.put("model.safetensors.index.json", index.toString().getBytes(StandardCharsets.UTF_8));
        files.put("model-00001-of-00002.safetensors", Files.readAllBytes(shards.resolve("a")));
        files.put("model-00002-of-00002.safetensors", Files.readAllBytes(shards.resolve("b")));
        hub.add("org/sharded", files, false);

        Path dir = models(false).resolve("hf:org/sharded");
        assertEquals(List.of(dir.resolve("model-00001-of-00002.safetensors"), dir.resolve("model-00002-of-00002.safetensors")),
                ModelDirectory.weightFiles(dir));
        assertSameWeights(dir);
    }

    @Test
    void aRepositoryWithOnlyPytorchModelBinIsExplained() {
        hub.add("org/pickled", Map.of("config.json", "{}".getBytes(StandardCharsets.UTF_8),
                "pytorch_model.bin", new byte[100]), false);
        HubException e = assertThrows(HubException.class, () -> models(false).resolve("hf:org/pickled"));
        assertTrue(e.getMessage().startsWith("org/pickled@main publishes its weights only as pytorch_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("safe_serialization=True"), e.getMessage());
        assertTrue(hub.requests().stream().noneMatch(r -> r.contains("pytorch_model.bin")), hub.requests().toString());
    }

    @Test
    void offlineWithoutTheFilesNamesThem() {
        HubException e = assertThrows(HubException.class, () -> models(true).resolve("hf:org/tiny-roberta"));
        assertTrue(e.getMessage().contains("): config.json and model.safetensors; HF_HUB_OFFLINE=1 forbids downloading"), e.getMessage());
        assertEquals(List.of(), hub.requests());
        HubException bad = assertThrows(HubException.class, () -> models(false).resolve("hf:a/b/c"));
        assertTrue(bad.getMessage().contains("expected hf:ORG/NAME[@REVISION]"), bad.getMessage());
    }

    private void assertSameWeights(Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = ModelDirectory.load(dir, manager)) {
            Map<String, HostTensor> loaded = model.parameters().toHost();
            assertEquals(checkpoint.tensors().keySet(), loaded.keySet());
            checkpoint.tensors().forEach((name, tensor) -> {
                assertArrayEquals(tensor.shape(), loaded.get(name).shape(), name);
                assertArrayEquals(tensor.data(), loaded.get(name).data(), name);
            });
        }
    }
}
