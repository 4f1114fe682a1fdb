package dev.headcount.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.checkpoint.HfConfig;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.checkpoint.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TinyCheckpointsTest {

    @TempDir
    Path dir;

    private static List<String> bertLayer(String prefix, int layer) {
        String p = prefix + "encoder.layer." + layer + ".";
        List<String> names = new ArrayList<>();
        for (String module : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                "output.LayerNorm")) {
            names.add(p + module + ".weight");
            names.add(p + module + ".bias");
        }
        return names;
    }

    private static List<String> embeddings(String prefix) {
        String p = prefix + "embeddings.";
        return List.of(p + "word_embeddings.weight", p + "position_embeddings.weight",
                p + "token_type_embeddings.weight", p + "LayerNorm.weight", p + "LayerNorm.bias");
    }

    @Test
    void bertMaskedLmHasTransformersNamesAndNoPooler() throws Exception {
        TinyCheckpoint c = TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.MASKED_LM)
                .withTiedDecoder(TiedDecoder.DUPLICATED).withDecoderBiasDuplicate(true).withPositionIdsBuffer(true));
        Set<String> expected = new TreeSet<>(embeddings("bert."));
        for (int l = 0; l < 3; l++) {
            expected.addAll(bertLayer("bert.", l));
        }
        expected.addAll(List.of("cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias",
                "cls.predictions.bias", "cls.predictions.decoder.weight", "cls.predictions.decoder.bias"));
        assertEquals(expected, new TreeSet<>(c.tensors().keySet()));
        Set<String> inFile = new TreeSet<>(FixtureSafeTensors.dtypes(c.weightsFile()).keySet());
        expected.add("bert.embeddings.position_ids");
        assertEquals(expected, inFile);
        FixtureSafeTensors.LongTensor positions = FixtureSafeTensors.readLongs(c.weightsFile())
                .get("bert.embeddings.position_ids");
        assertArrayEquals(new long[] {1, 20}, positions.shape());
        assertEquals(19, positions.data()[19]);
        assertArrayEquals(c.tensors().get("bert.embeddings.word_embeddings.weight").data(),
                c.tensors().get("cls.predictions.decoder.weight").data());
    }

    @Test
    void bareBertIsSavedWithoutPrefixAndWithPooler() throws Exception {
        TinyCheckpoint c = TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.BASE));
        Set<String> expected = new TreeSet<>(embeddings(""));
        for (int l = 0; l < 3; l++) {
            expected.addAll(bertLayer("", l));
        }
        expected.addAll(List.of("pooler.dense.weight", "pooler.dense.bias"));
        assertEquals(expected, new TreeSet<>(c.tensors().keySet()));
    }

    @Test
    void robertaClassifierHasDenseAndOutProjButNoPooler() throws Exception {
        TinyCheckpoint c = TinyCheckpoints.write(dir, TinySpec.roberta(TinyHead.SEQUENCE_CLASSIFICATION));
        Set<String> expected = new TreeSet<>(embeddings("roberta."));
        for (int l = 0; l < 3; l++) {
            expected.addAll(bertLayer("roberta.", l));
        }
        expected.addAll(List.of("classifier.dense.weight", "classifier.dense.bias", "classifier.out_proj.weight",
                "classifier.out_proj.bias"));
        assertEquals(expected, new TreeSet<>(c.tensors().keySet()));
        assertArrayEquals(new long[] {22, 16}, c.tensors().get("roberta.embeddings.position_embeddings.weight").shape());
        assertArrayEquals(new long[] {1, 16}, c.tensors().get("roberta.embeddings.token_type_embeddings.weight").shape());
        assertArrayEquals(new long[] {2, 16}, c.tensors().get("classifier.out_proj.weight").shape());
    }

    @Test
    void robertaMaskedLmHeadNames() throws Exception {
        TinyCheckpoint c = TinyCheckpoints.write(dir, TinySpec.roberta(TinyHead.MASKED_LM));
        Set<String> head = new TreeSet<>(c.tensors().keySet());
        head.removeIf(n -> n.startsWith("roberta."));
        assertEquals(Set.of("lm_head.dense.weight", "lm_head.dense.bias", "lm_head.layer_norm.weight",
                "lm_head.layer_norm.bias", "lm_head.bias"), head);
    }

    @Test
    void albertMaskedLmHasFactorisedEmbeddingsAndSharedGroup() throws Exception {
        TinyCheckpoint c = TinyCheckpoints.write(dir, TinySpec.albert(TinyHead.MASKED_LM));
        Set<String> expected = new TreeSet<>(embeddings("albert."));
        expected.addAll(List.of("albert.encoder.embedding_hidden_mapping_in.weight",
                "albert.encoder.embedding_hidden_mapping_in.bias"));
        String p = "albert.encoder.albert_layer_groups.0.albert_layers.0.";
        for (String module : List.of("attention.query", "attention.key", "attention.value", "attention.dense",
                "attention.LayerNorm", "ffn", "ffn_output", "full_layer_layer_norm")) {
            expected.add(p + module + ".weight");
            expected.add(p + module + ".bias");
        }
        expected.addAll(List.of("predictions.dense.weight", "predictions.dense.bias", "predictions.LayerNorm.weight",
                "predictions.LayerNorm.bias", "predictions.bias"));
        assertEquals(expected, new TreeSet<>(c.tensors().keySet()));
        Map<String, HostTensor> t = c.tensors();
        assertArrayEquals(new long[] {40, 8}, t.get("albert.embeddings.word_embeddings.weight").shape());
        assertArrayEquals(new long[] {16, 8}, t.get("albert.encoder.embedding_hidden_mapping_in.weight").shape());
        assertArrayEquals(new long[] {8, 16}, t.get("predictions.dense.weight").shape());
        assertArrayEquals(new long[] {8}, t.get("predictions.LayerNorm.weight").shape());
    }

    @Test
    void albertClassifierWithTwoGroupsHasPoolerAndBothGroups() throws Exception {
        TinySpec spec = TinySpec.albert(TinyHead.SEQUENCE_CLASSIFICATION)
                .withSizes(TinySizes.albert().withNumHiddenGroups(2)).withNumLabels(1);
        TinyCheckpoint c = TinyCheckpoints.write(dir, spec);
        assertTrue(c.tensors().containsKey("albert.encoder.albert_layer_groups.1.albert_layers.0.ffn.weight"));
        assertFalse(c.tensors().containsKey("albert.encoder.albert_layer_groups.2.albert_layers.0.ffn.weight"));
        assertArrayEquals(new long[] {16, 16}, c.tensors().get("albert.pooler.weight").shape());
        assertArrayEquals(new long[] {1, 16}, c.tensors().get("classifier.weight").shape());
        assertEquals(2, c.config().numHiddenGroups());
    }

    @Test
    void configJsonLooksLikeSavePretrainedOutput() throws Exception {
        TinyCheckpoint c = TinyCheckpoints.write(dir, TinySpec.roberta(TinyHead.SEQUENCE_CLASSIFICATION)
                .withDtype(FloatDtype.BF16));
        JsonNode json = new ObjectMapper().readTree(c.configFile().toFile());
        assertEquals("roberta", json.get("model_type").asText());
        assertEquals("RobertaForSequenceClassification", json.get("architectures").get(0).asText());
        assertEquals(22, json.get("max_position_embeddings").asInt());
        assertEquals(1, json.get("type_vocab_size").asInt());
        assertEquals(1, json.get("pad_token_id").asInt());
        assertEquals("gelu", json.get("hidden_act").asText());
        assertEquals(0.03, json.get("layer_norm_eps").asDouble(), 0.0);
        assertEquals("LABEL_1", json.get("id2label").get("1").asText());
        assertEquals(0, json.get("label2id").get("LABEL_0").asInt());
        assertEquals("bfloat16", json.get("torch_dtype").asText());
        assertFalse(json.has("num_labels"), "save_pretrained writes id2label, not num_labels");

        JsonNode albert = new ObjectMapper().readTree(TinyCheckpoints.write(dir.resolve("albert"),
                TinySpec.albert(TinyHead.MASKED_LM)).configFile().toFile());
        assertEquals(8, albert.get("embedding_size").asInt());
        assertEquals(1, albert.get("num_hidden_groups").asInt());
        assertEquals(1, albert.get("inner_group_num").asInt());
        assertEquals("gelu_new", albert.get("hidden_act").asText());
        assertEquals("AlbertForMaskedLM", albert.get("architectures").get(0).asText());
    }

    @ParameterizedTest
    @EnumSource(FloatDtype.class)
    void storedValuesDecodeToExactlyTheExposedTensors(FloatDtype dtype) throws Exception {
        TinyCheckpoint c = TinyCheckpoints.write(dir, TinySpec.albert(TinyHead.MASKED_LM).withDtype(dtype)
                .withTiedDecoder(TiedDecoder.DUPLICATED).withPositionIdsBuffer(true));
        assertTrue(FixtureSafeTensors.dtypes(c.weightsFile()).entrySet().stream()
                .allMatch(e -> e.getValue().equals(e.getKey().endsWith("position_ids") ? "I64" : dtype.name())));
        assertSameTensors(c.tensors(), FixtureSafeTensors.readFloats(c.weightsFile()));
        // The production reader must agree with the fixture's own decoder.
        assertSameTensors(c.tensors(), SafeTensors.read(c.weightsFile()));
        Map<String, HostTensor> f32 = TinyCheckpoints.tensors(TinySpec.albert(TinyHead.MASKED_LM));
        float[] stored = c.tensors().get("predictions.bias").data();
        float[] exact = f32.get("predictions.bias").data();
        double tolerance = dtype == FloatDtype.BF16 ? 1.0 / 256 : dtype == FloatDtype.F16 ? 1.0 / 2048 : 0;
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], stored[i], Math.abs(exact[i]) * tolerance, "rounding at " + i);
        }
        if (dtype != FloatDtype.F32) {
            assertFalse(java.util.Arrays.equals(exact, stored), "values were rounded to " + dtype);
        }
    }

    @Test
    void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws Exception {
        TinySpec spec = TinySpec.bert(TinyHead.SEQUENCE_CLASSIFICATION);
        TinyCheckpoint a = TinyCheckpoints.write(dir.resolve("a"), spec);
        TinyCheckpoint b = TinyCheckpoints.write(dir.resolve("b"), spec);
        TinyCheckpoint other = TinyCheckpoints.write(dir.resolve("c"), spec.withSeed(7));
        assertArrayEquals(Files.readAllBytes(a.weightsFile()), Files.readAllBytes(b.weightsFile()));
        assertArrayEquals(Files.readAllBytes(a.configFile()), Files.readAllBytes(b.configFile()));
        assertNotEquals(a.tensors().get("classifier.bias").data()[0], other.tensors().get("classifier.bias").data()[0]);
    }

    @Test
    void encoderWeightsDoNotDependOnHeadOrLayout() {
        Map<String, HostTensor> mlm = TinyCheckpoints.tensors(TinySpec.bert(TinyHead.MASKED_LM));
        Map<String, HostTensor> bare = TinyCheckpoints.tensors(TinySpec.bert(TinyHead.BASE)
                .withTiedDecoder(TiedDecoder.DUPLICATED));
        String name = "encoder.layer.2.output.LayerNorm.bias";
        assertArrayEquals(mlm.get("bert." + name).data(), bare.get(name).data());
    }

    @Test
    void weightsAreLargeEnoughToExposeMistakes() {
        Map<String, HostTensor> t = TinyCheckpoints.tensors(TinySpec.bert(TinyHead.MASKED_LM));
        float[] query = t.get("bert.encoder.layer.0.attention.self.query.weight").data();
        double sumSquares = 0;
        for (float v : query) {
            sumSquares += v * v;
        }
        assertEquals(0.4, Math.sqrt(sumSquares / query.length), 0.08);
        for (float gamma : t.get("bert.encoder.layer.1.output.LayerNorm.weight").data()) {
            assertTrue(gamma >= 0.7 && gamma <= 1.3 && gamma != 1f);
        }
        for (float bias : t.get("bert.encoder.layer.1.intermediate.dense.bias").data()) {
            assertTrue(bias != 0f);
        }
    }

    @Test
    void productionConfigReaderAgreesWithTheSpec() throws Exception {
        for (TinySpec spec : List.of(TinySpec.bert(TinyHead.MASKED_LM), TinySpec.roberta(TinyHead.SEQUENCE_CLASSIFICATION),
                TinySpec.albert(TinyHead.SEQUENCE_CLASSIFICATION).withNumLabels(1)
                        .withSizes(TinySizes.albert().withNumHiddenGroups(2)))) {
            TinyCheckpoint c = TinyCheckpoints.write(dir.resolve(spec.transformersClass()), spec);
            assertEquals(c.config(), HfConfig.read(c.configFile()), spec.transformersClass());
        }
    }

    private static void assertSameTensors(Map<String, HostTensor> expected, Map<String, HostTensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> {
            assertArrayEquals(t.shape(), actual.get(name).shape(), name);
            assertArrayEquals(t.data(), actual.get(name).data(), name);
        });
    }
}
