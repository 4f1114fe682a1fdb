package dev.headcount.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

/** Writes tiny random Hugging Face model directories: config.json and model.safetensors. */
public final class TinyCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private TinyCheckpoints() {
    }

    /** Writes the checkpoint into {@code directory} (created if needed) and describes what was written. */
    public static TinyCheckpoint write(Path directory, TinySpec spec) throws IOException {
        Files.createDirectories(directory);
        Map<String, HostTensor> tensors = Collections.unmodifiableMap(TinyWeights.generate(spec));
        Map<String, FixtureSafeTensors.LongTensor> buffers = new TreeMap<>();
        if (spec.positionIdsBuffer()) {
            int n = spec.maxPositionEmbeddings();
            buffers.put(spec.prefix() + "embeddings.position_ids",
                    new FixtureSafeTensors.LongTensor(new long[] {1, n}, LongStream.range(0, n).toArray()));
        }
        FixtureSafeTensors.write(directory.resolve("model.safetensors"), tensors, spec.dtype(), buffers);
        JSON.writeValue(directory.resolve("config.json").toFile(), configJson(spec));
        return new TinyCheckpoint(directory, spec, modelConfig(spec), tensors);
    }

    /** The parameters {@link #write} would store, without writing anything. */
    public static Map<String, HostTensor> tensors(TinySpec spec) {
        return Collections.unmodifiableMap(TinyWeights.generate(spec));
    }

    /** The configuration of the spec's model, built field by field (independent of HfConfig). */
    public static ModelConfig modelConfig(TinySpec spec) {
        TinySizes s = spec.sizes();
        boolean albert = spec.architecture() == Architecture.ALBERT;
        return new ModelConfig(spec.architecture(), s.vocabSize(), s.hiddenSize(), spec.embeddingSize(),
                s.numLayers(), s.numHeads(), s.intermediateSize(), spec.hiddenAct(), (float) spec.layerNormEps(),
                spec.maxPositionEmbeddings(), spec.typeVocabSize(), spec.padTokenId(),
                albert ? s.numHiddenGroups() : 1, 1, 0.1f, 0.1f,
                spec.head() == TinyHead.SEQUENCE_CLASSIFICATION ? s.numLabels() : 0, null);
    }

    /** config.json as {@code save_pretrained} writes it (keys sorted, the fields transformers emits). */
    static Map<String, Object> configJson(TinySpec spec) {
        TinySizes s = spec.sizes();
        Map<String, Object> c = new TreeMap<>();
        c.put("architectures", List.of(spec.transformersClass()));
        c.put("model_type", spec.architecture().modelType());
        c.put("vocab_size", s.vocabSize());
        c.put("hidden_size", s.hiddenSize());
        c.put("num_hidden_layers", s.numLayers());
        c.put("num_attention_heads", s.numHeads());
        c.put("intermediate_size", s.intermediateSize());
        c.put("hidden_act", spec.hiddenAct().hfName());
        c.put("layer_norm_eps", spec.layerNormEps());
        c.put("max_position_embeddings", spec.maxPositionEmbeddings());
        c.put("type_vocab_size", spec.typeVocabSize());
        c.put("pad_token_id", spec.padTokenId());
        c.put("hidden_dropout_prob", 0.1);
        c.put("attention_probs_dropout_prob", 0.1);
        c.put("initializer_range", 0.02);
        c.put("position_embedding_type", "absolute");
        c.put("torch_dtype", spec.dtype().torchName());
        c.put("transformers_version", "4.40.2");
        switch (spec.architecture()) {
            case BERT -> {
                c.put("classifier_dropout", null);
                c.put("use_cache", true);
            }
            case ROBERTA -> {
                c.put("bos_token_id", 0);
                c.put("eos_token_id", 2);
                c.put("classifier_dropout", null);
                c.put("use_cache", true);
            }
            case ALBERT -> {
                c.put("bos_token_id", 2);
                c.put("eos_token_id", 3);
                c.put("embedding_size", s.embeddingSize());
                c.put("num_hidden_groups", s.numHiddenGroups());
                c.put("inner_group_num", 1);
                c.put("classifier_dropout_prob", 0.1);
            }
        }
        if (spec.head() == TinyHead.SEQUENCE_CLASSIFICATION) {
            Map<String, String> id2label = new TreeMap<>();
            Map<String, Integer> label2id = new TreeMap<>();
            for (int i = 0; i < s.numLabels(); i++) {
                id2label.put(Integer.toString(i), "LABEL_" + i);
                label2id.put("LABEL_" + i, i);
            }
            c.put("id2label", id2label);
            c.put("label2id", label2id);
            c.put("problem_type", s.numLabels() == 1 ? "regression" : "single_label_classification");
        }
        return c;
    }
}
