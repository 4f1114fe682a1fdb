package dev.headcount.engine.testing;

import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.model.Architecture;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Draws the parameters of a tiny model, named exactly as transformers names them, already rounded
 * to the spec's dtype.
 *
 * <p>Values are large enough that mistakes show: matrices N(0, 0.4²), embeddings N(0, 0.5²),
 * biases N(0, 0.2²), LayerNorm gammas 1 ± 0.3 and betas ± 0.2 (uniform). Encoder parameters are
 * drawn first and file-layout options draw nothing, so the same seed and sizes give the same
 * encoder whatever the head, dtype or layout.
 */
final class TinyWeights {

    private final TinySpec spec;
    private final Random random;
    private final Map<String, HostTensor> tensors = new LinkedHashMap<>();

    private TinyWeights(TinySpec spec) {
        this.spec = spec;
        this.random = new Random(spec.seed());
    }

    /** The floating tensors of the file, in file order. */
    static Map<String, HostTensor> generate(TinySpec spec) {
        TinyWeights w = new TinyWeights(spec);
        w.embeddings();
        if (spec.architecture() == Architecture.ALBERT) {
            w.albertEncoder();
        } else {
            w.bertEncoder();
        }
        if (spec.hasPooler()) {
            w.pooler();
        }
        switch (spec.head()) {
            case MASKED_LM -> w.maskedLmHead();
            case SEQUENCE_CLASSIFICATION -> w.classificationHead();
            case BASE -> { }
        }
        return w.tensors;
    }

    private void embeddings() {
        String p = spec.prefix() + "embeddings.";
        int e = spec.embeddingSize();
        embedding(p + "word_embeddings.weight", spec.sizes().vocabSize(), e);
        embedding(p + "position_embeddings.weight", spec.maxPositionEmbeddings(), e);
        embedding(p + "token_type_embeddings.weight", spec.typeVocabSize(), e);
        layerNorm(p + "LayerNorm", e);
    }

    private void bertEncoder() {
        int h = spec.sizes().hiddenSize();
        int i = spec.sizes().intermediateSize();
        for (int layer = 0; layer < spec.sizes().numLayers(); layer++) {
            String p = spec.prefix() + "encoder.layer." + layer + ".";
            linear(p + "attention.self.query", h, h);
            linear(p + "attention.self.key", h, h);
            linear(p + "attention.self.value", h, h);
            linear(p + "attention.output.dense", h, h);
            layerNorm(p + "attention.output.LayerNorm", h);
            linear(p + "intermediate.dense", i, h);
            linear(p + "output.dense", h, i);
            layerNorm(p + "output.LayerNorm", h);
        }
    }

    private void albertEncoder() {
        int h = spec.sizes().hiddenSize();
        int i = spec.sizes().intermediateSize();
        linear(spec.prefix() + "encoder.embedding_hidden_mapping_in", h, spec.embeddingSize());
        for (int group = 0; group < spec.sizes().numHiddenGroups(); group++) {
            String p = spec.prefix() + "encoder.albert_layer_groups." + group + ".albert_layers.0.";
            linear(p + "attention.query", h, h);
            linear(p + "attention.key", h, h);
            linear(p + "attention.value", h, h);
            linear(p + "attention.dense", h, h);
            layerNorm(p + "attention.LayerNorm", h);
            linear(p + "ffn", i, h);
            linear(p + "ffn_output", h, i);
            layerNorm(p + "full_layer_layer_norm", h);
        }
    }

    private void pooler() {
        int h = spec.sizes().hiddenSize();
        // AlbertModel.pooler is a bare Linear; BertPooler / RobertaPooler wrap theirs as .dense
        linear(spec.prefix() + (spec.architecture() == Architecture.ALBERT ? "pooler" : "pooler.dense"), h, h);
    }

    private void maskedLmHead() {
        int h = spec.sizes().hiddenSize();
        int v = spec.sizes().vocabSize();
        String p = switch (spec.architecture()) {
            case BERT -> "cls.predictions.";
            case ROBERTA -> "lm_head.";
            case ALBERT -> "predictions.";
        };
        switch (spec.architecture()) {
            case BERT -> {
                linear(p + "transform.dense", h, h);
                layerNorm(p + "transform.LayerNorm", h);
            }
            case ROBERTA -> {
                linear(p + "dense", h, h);
                layerNorm(p + "layer_norm", h);
            }
            case ALBERT -> {
                linear(p + "dense", spec.embeddingSize(), h);
                layerNorm(p + "LayerNorm", spec.embeddingSize());
            }
        }
        HostTensor bias = bias(v);
        tensors.put(p + "bias", bias);
        if (spec.tiedDecoder() == TiedDecoder.DUPLICATED) {
            HostTensor words = tensors.get(spec.prefix() + "embeddings.word_embeddings.weight");
            tensors.put(p + "decoder.weight", new HostTensor(words.shape().clone(), words.data().clone()));
        }
        if (spec.decoderBiasDuplicate()) {
            tensors.put(p + "decoder.bias", new HostTensor(bias.shape().clone(), bias.data().clone()));
        }
    }

    private void classificationHead() {
        int h = spec.sizes().hiddenSize();
        int labels = spec.sizes().numLabels();
        if (spec.architecture() == Architecture.ROBERTA) {
            linear("classifier.dense", h, h);
            linear("classifier.out_proj", labels, h);
        } else {
            linear("classifier", labels, h);
        }
    }

    private void linear(String name, int out, int in) {
        tensors.put(name + ".weight", normal(new long[] {out, in}, 0.4));
        tensors.put(name + ".bias", bias(out));
    }

    private void embedding(String name, int rows, int width) {
        tensors.put(name, normal(new long[] {rows, width}, 0.5));
    }

    private void layerNorm(String name, int width) {
        tensors.put(name + ".weight", uniform(width, 1.0, 0.3));
        tensors.put(name + ".bias", uniform(width, 0.0, 0.2));
    }

    private HostTensor bias(int n) {
        return normal(new long[] {n}, 0.2);
    }

    private HostTensor normal(long[] shape, double std) {
        float[] data = new float[Math.toIntExact(shape.length == 1 ? shape[0] : shape[0] * shape[1])];
        for (int i = 0; i < data.length; i++) {
            data[i] = spec.dtype().round((float) (random.nextGaussian() * std));
        }
        return new HostTensor(shape, data);
    }

    private HostTensor uniform(int n, double center, double halfWidth) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = spec.dtype().round((float) (center + (2 * random.nextDouble() - 1) * halfWidth));
        }
        return new HostTensor(new long[] {n}, data);
    }
}
