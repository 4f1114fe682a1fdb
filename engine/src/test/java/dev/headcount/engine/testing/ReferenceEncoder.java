package dev.headcount.engine.testing;

import static dev.headcount.engine.testing.ReferenceMath.activate;
import static dev.headcount.engine.testing.ReferenceMath.add;
import static dev.headcount.engine.testing.ReferenceMath.layerNorm;
import static dev.headcount.engine.testing.ReferenceMath.linear;

import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A naive double-precision re-implementation of Hugging Face transformers' eval-mode forward pass
 * (dropout off) for BERT, RoBERTa and ALBERT, written from transformers' semantics: the yardstick
 * the production encoder is checked against. Weights are read by their transformers names, with
 * or without the {@code bert.}/{@code roberta.}/{@code albert.} prefix.
 */
public final class ReferenceEncoder {

    /**
     * ALBERT's MLM head LayerNorm epsilon. {@code AlbertMLMHead} builds {@code nn.LayerNorm(config.embedding_size)}
     * without passing {@code layer_norm_eps}, so it gets PyTorch's default 1e-5 (README, "The science, briefly"). Some newer
     * transformers releases pass {@code eps=config.layer_norm_eps} instead; use {@link #withAlbertMlmLayerNormEps}
     * to reproduce those.
     */
    public static final double ALBERT_MLM_LAYER_NORM_EPS = 1e-5;

    private final ModelConfig config;
    private final Map<String, HostTensor> tensors;
    private final HfWeightView weights;
    private final String prefix;
    private final double albertMlmLayerNormEps;

    public ReferenceEncoder(ModelConfig config, Map<String, HostTensor> weights) {
        this(config, weights, ALBERT_MLM_LAYER_NORM_EPS);
    }

    private ReferenceEncoder(ModelConfig config, Map<String, HostTensor> weights, double albertMlmLayerNormEps) {
        this.config = config;
        this.tensors = weights;
        this.weights = new HfWeightView(weights);
        this.prefix = encoderPrefix(config.architecture(), weights.keySet());
        this.albertMlmLayerNormEps = albertMlmLayerNormEps;
    }

    public ReferenceEncoder withAlbertMlmLayerNormEps(double eps) {
        return new ReferenceEncoder(config, tensors, eps);
    }

    public ModelConfig config() {
        return config;
    }

    /** {@code "bert."} etc. for task models, {@code ""} for a bare encoder saved without prefix. */
    public String prefix() {
        return prefix;
    }

    private static String encoderPrefix(Architecture architecture, Set<String> names) {
        String withPrefix = architecture.modelType() + ".";
        if (names.contains(withPrefix + "embeddings.word_embeddings.weight")) {
            return withPrefix;
        }
        if (names.contains("embeddings.word_embeddings.weight")) {
            return "";
        }
        throw new IllegalArgumentException("no " + withPrefix + "embeddings.word_embeddings.weight "
                + "(nor an unprefixed one) among the weights");
    }

    public ReferenceForward forward(ReferenceInputs inputs) {
        return forward(inputs, null, HeadMaskMode.PER_PASS);
    }

    /**
     * Runs the encoder.
     *
     * @param headMask [passes][heads] gates multiplied into the attention probabilities (after softmax,
     *     where transformers applies {@code head_mask}); null for none
     * @param mode how rows map to ALBERT passes; irrelevant for BERT and RoBERTa
     */
    public ReferenceForward forward(ReferenceInputs inputs, double[][] headMask, HeadMaskMode mode) {
        checkHeadMask(headMask);
        long[][] positionIds = inputs.positionIds() != null ? inputs.positionIds() : positionIds(inputs.inputIds());
        double[][][] embeddings = embed(inputs, positionIds);
        double[][][] hidden = embeddings;
        if (config.architecture() == Architecture.ALBERT) {
            hidden = mapEmbeddingsToHidden(embeddings);
        }
        double[][] additiveMask = additiveAttentionMask(inputs);
        List<ReferenceForward.PassTrace> passes = new ArrayList<>();
        for (int pass = 0; pass < config.numLayers(); pass++) {
            int weightLayer = weightLayerOfPass(pass);
            int row = headMask == null ? -1 : headMaskRow(pass, mode);
            double[] gates = new double[config.numHeads()];
            for (int h = 0; h < gates.length; h++) {
                gates[h] = row < 0 ? 1 : headMask[row][h];
            }
            ReferenceForward.PassTrace trace = layer(LayerNames.of(config.architecture(), prefix, weightLayer),
                    weightLayer, row, gates, hidden, additiveMask);
            passes.add(trace);
            hidden = trace.output();
        }
        return new ReferenceForward(inputs, positionIds, embeddings, List.copyOf(passes));
    }

    /**
     * BERT and ALBERT: 0..T-1 (the registered {@code position_ids} buffer). RoBERTa:
     * {@code RobertaEmbeddings.create_position_ids_from_input_ids}: mask = id != pad;
     * cumsum(mask)·mask + pad, so real tokens count from pad+1 and pads get pad.
     */
    public long[][] positionIds(long[][] inputIds) {
        long[][] out = new long[inputIds.length][];
        for (int b = 0; b < inputIds.length; b++) {
            out[b] = new long[inputIds[b].length];
            long count = 0;
            for (int t = 0; t < inputIds[b].length; t++) {
                if (config.architecture() == Architecture.ROBERTA) {
                    boolean real = inputIds[b][t] != config.padTokenId();
                    count += real ? 1 : 0;
                    out[b][t] = (real ? count : 0) + config.padTokenId();
                } else {
                    out[b][t] = t;
                }
            }
        }
        return out;
    }

    /** {@code BertEmbeddings} (RoBERTa, ALBERT alike): LayerNorm(word + token type + position), width E. */
    private double[][][] embed(ReferenceInputs inputs, long[][] positionIds) {
        int e = config.embeddingSize();
        String p = prefix + "embeddings.";
        double[][] words = weights.matrix(p + "word_embeddings.weight", config.vocabSize(), e);
        double[][] positions = weights.matrix(p + "position_embeddings.weight", config.maxPositionEmbeddings(), e);
        double[][] types = weights.matrix(p + "token_type_embeddings.weight", config.typeVocabSize(), e);
        double[] gamma = weights.vector(p + "LayerNorm.weight", e);
        double[] beta = weights.vector(p + "LayerNorm.bias", e);
        double[][][] out = new double[inputs.batchSize()][inputs.tokens()][];
        for (int b = 0; b < inputs.batchSize(); b++) {
            for (int t = 0; t < inputs.tokens(); t++) {
                int type = inputs.tokenTypeIds() == null ? 0 : (int) inputs.tokenTypeIds()[b][t];
                double[] sum = add(add(row(words, inputs.inputIds()[b][t], "input id"),
                        row(types, type, "token type id")), row(positions, positionIds[b][t], "position id"));
                out[b][t] = layerNorm(sum, gamma, beta, config.layerNormEps());
            }
        }
        return out;
    }

    private static double[] row(double[][] table, long index, String what) {
        if (index < 0 || index >= table.length) {
            throw new IllegalArgumentException(what + " " + index + " is outside the table of " + table.length + " rows");
        }
        return table[(int) index];
    }

    /** {@code AlbertTransformer.embedding_hidden_mapping_in}: E → H. */
    private double[][][] mapEmbeddingsToHidden(double[][][] embeddings) {
        String name = prefix + "encoder.embedding_hidden_mapping_in";
        double[][] w = weights.matrix(name + ".weight", config.hiddenSize(), config.embeddingSize());
        double[] bias = weights.vector(name + ".bias", config.hiddenSize());
        double[][][] out = new double[embeddings.length][embeddings[0].length][];
        for (int b = 0; b < embeddings.length; b++) {
            for (int t = 0; t < embeddings[b].length; t++) {
                out[b][t] = linear(embeddings[b][t], w, bias);
            }
        }
        return out;
    }

    /** {@code get_extended_attention_mask}: (1 - mask) · finfo(float32).min, added to every score row. */
    private static double[][] additiveAttentionMask(ReferenceInputs inputs) {
        double[][] out = new double[inputs.batchSize()][inputs.tokens()];
        for (int b = 0; b < out.length; b++) {
            for (int t = 0; t < out[b].length; t++) {
                out[b][t] = (1.0 - inputs.mask(b, t)) * ReferenceMath.FLOAT32_MOST_NEGATIVE;
            }
        }
        return out;
    }

    /** ALBERT: {@code group_idx = int(i / (num_hidden_layers / num_hidden_groups))}; others: the pass itself. */
    private int weightLayerOfPass(int pass) {
        if (config.architecture() != Architecture.ALBERT) {
            return pass;
        }
        return (int) (pass / ((double) config.numLayers() / config.numHiddenGroups()));
    }

    private int headMaskRow(int pass, HeadMaskMode mode) {
        if (config.architecture() != Architecture.ALBERT || mode == HeadMaskMode.PER_PASS) {
            return pass;
        }
        // AlbertTransformer passes head_mask[group * layers_per_group : (group + 1) * layers_per_group] to the
        // group, and AlbertLayerGroup gives its inner layer 0 the first row of that slice.
        int layersPerGroup = config.numLayers() / config.numHiddenGroups();
        return weightLayerOfPass(pass) * layersPerGroup;
    }

    private void checkHeadMask(double[][] headMask) {
        if (headMask == null) {
            return;
        }
        if (headMask.length != config.numLayers()) {
            throw new IllegalArgumentException("head mask has " + headMask.length + " rows, expected one per pass ("
                    + config.numLayers() + ")");
        }
        for (double[] row : headMask) {
            if (row.length != config.numHeads()) {
                throw new IllegalArgumentException("head mask rows need " + config.numHeads() + " gates");
            }
        }
    }

    /** One transformer layer (BertLayer / AlbertLayer): post-LayerNorm attention then feed-forward. */
    private ReferenceForward.PassTrace layer(LayerNames names, int weightLayer, int maskRow, double[] gates,
            double[][][] input, double[][] additiveMask) {
        int h = config.hiddenSize();
        int headSize = config.headSize();
        int[] keptHeads = keptHeads(weightLayer);
        int width = keptHeads.length * headSize;
        if (weights.rows(names.query() + ".weight") != width) {
            throw new IllegalArgumentException(names.query() + ".weight has " + weights.rows(names.query() + ".weight")
                    + " rows but config keeps " + keptHeads.length + " heads of size " + headSize);
        }
        double[][] wq = weights.matrix(names.query() + ".weight", width, h);
        double[] bq = weights.vector(names.query() + ".bias", width);
        double[][] wk = weights.matrix(names.key() + ".weight", width, h);
        double[] bk = weights.vector(names.key() + ".bias", width);
        double[][] wv = weights.matrix(names.value() + ".weight", width, h);
        double[] bv = weights.vector(names.value() + ".bias", width);
        double[][] wo = weights.matrix(names.attentionDense() + ".weight", h, width);
        double[] bo = weights.vector(names.attentionDense() + ".bias", h);
        double[] attentionGamma = weights.vector(names.attentionNorm() + ".weight", h);
        double[] attentionBeta = weights.vector(names.attentionNorm() + ".bias", h);
        int inter = config.intermediateSize();
        double[][] wi = weights.matrix(names.intermediate() + ".weight", inter, h);
        double[] bi = weights.vector(names.intermediate() + ".bias", inter);
        double[][] wOut = weights.matrix(names.output() + ".weight", h, inter);
        double[] bOut = weights.vector(names.output() + ".bias", h);
        double[] outputGamma = weights.vector(names.outputNorm() + ".weight", h);
        double[] outputBeta = weights.vector(names.outputNorm() + ".bias", h);
        double eps = config.layerNormEps();
        double scale = 1 / Math.sqrt(headSize);

        int batch = input.length;
        int tokens = input[0].length;
        double[][][][] probs = new double[batch][config.numHeads()][][];
        double[][][] attentionOutput = new double[batch][tokens][];
        double[][][] output = new double[batch][tokens][];
        for (int b = 0; b < batch; b++) {
            double[][] q = new double[tokens][];
            double[][] k = new double[tokens][];
            double[][] v = new double[tokens][];
            for (int t = 0; t < tokens; t++) {
                q[t] = linear(input[b][t], wq, bq);
                k[t] = linear(input[b][t], wk, bk);
                v[t] = linear(input[b][t], wv, bv);
            }
            double[][] context = new double[tokens][width];
            for (int slot = 0; slot < keptHeads.length; slot++) {
                int head = keptHeads[slot];
                int offset = slot * headSize;
                probs[b][head] = new double[tokens][];
                for (int i = 0; i < tokens; i++) {
                    double[] scores = new double[tokens];
                    for (int j = 0; j < tokens; j++) {
                        double dot = 0;
                        for (int d = 0; d < headSize; d++) {
                            dot += q[i][offset + d] * k[j][offset + d];
                        }
                        scores[j] = dot * scale + additiveMask[b][j];
                    }
                    double[] p = ReferenceMath.softmax(scores);
                    probs[b][head][i] = p;
                    for (int j = 0; j < tokens; j++) {
                        double weight = p[j] * gates[head]; // head_mask multiplies the probabilities
                        for (int d = 0; d < headSize; d++) {
                            context[i][offset + d] += weight * v[j][offset + d];
                        }
                    }
                }
            }
            for (int t = 0; t < tokens; t++) {
                double[] attended = layerNorm(add(input[b][t], linear(context[t], wo, bo)),
                        attentionGamma, attentionBeta, eps);
                attentionOutput[b][t] = attended;
                double[] ffn = linear(activate(config.hiddenAct(), linear(attended, wi, bi)), wOut, bOut);
                output[b][t] = layerNorm(add(attended, ffn), outputGamma, outputBeta, eps);
            }
        }
        return new ReferenceForward.PassTrace(weightLayer, maskRow, gates.clone(), input, probs, attentionOutput, output);
    }

    private int[] keptHeads(int weightLayer) {
        Set<Integer> pruned = config.prunedHeads().getOrDefault(weightLayer, java.util.Collections.emptySortedSet());
        return java.util.stream.IntStream.range(0, config.numHeads()).filter(h -> !pruned.contains(h)).toArray();
    }

    /** The transformers names of one weight layer's parameters (without .weight/.bias). */
    private record LayerNames(String query, String key, String value, String attentionDense, String attentionNorm,
            String intermediate, String output, String outputNorm) {

        static LayerNames of(Architecture architecture, String prefix, int weightLayer) {
            if (architecture == Architecture.ALBERT) {
                String p = prefix + "encoder.albert_layer_groups." + weightLayer + ".albert_layers.0.";
                return new LayerNames(p + "attention.query", p + "attention.key", p + "attention.value",
                        p + "attention.dense", p + "attention.LayerNorm", p + "ffn", p + "ffn_output",
                        p + "full_layer_layer_norm");
            }
            String p = prefix + "encoder.layer." + weightLayer + ".";
            return new LayerNames(p + "attention.self.query", p + "attention.self.key", p + "attention.self.value",
                    p + "attention.output.dense", p + "attention.output.LayerNorm", p + "intermediate.dense",
                    p + "output.dense", p + "output.LayerNorm");
        }
    }

    // ---- heads -------------------------------------------------------------------------------

    /**
     * Masked-LM logits [batch][token][vocab]. BERT ({@code BertLMPredictionHead}): transform.dense →
     * hidden_act → LayerNorm(layer_norm_eps) → decoder + bias. RoBERTa ({@code RobertaLMHead}): dense →
     * exact gelu whatever hidden_act says → layer_norm(layer_norm_eps) → decoder + bias. ALBERT
     * ({@code AlbertMLMHead}): dense H→E → hidden_act → LayerNorm(E, eps 1e-5) → decoder + bias. The decoder
     * is tied to the word embeddings: its stored copy is used when present, the embeddings otherwise.
     */
    public double[][][] maskedLmLogits(ReferenceForward forward) {
        int h = config.hiddenSize();
        int e = config.embeddingSize();
        int vocab = config.vocabSize();
        String head;
        String dense;
        String norm;
        int width;
        double eps;
        Activation activation;
        switch (config.architecture()) {
            case BERT -> {
                head = "cls.predictions.";
                dense = head + "transform.dense";
                norm = head + "transform.LayerNorm";
                width = h;
                eps = config.layerNormEps();
                activation = config.hiddenAct();
            }
            case ROBERTA -> {
                head = "lm_head.";
                dense = head + "dense";
                norm = head + "layer_norm";
                width = h;
                eps = config.layerNormEps();
                activation = Activation.GELU;
            }
            default -> {
                head = "predictions.";
                dense = head + "dense";
                norm = head + "LayerNorm";
                width = e;
                eps = albertMlmLayerNormEps;
                activation = config.hiddenAct();
            }
        }
        double[][] wDense = weights.matrix(dense + ".weight", width, h);
        double[] bDense = weights.vector(dense + ".bias", width);
        double[] gamma = weights.vector(norm + ".weight", width);
        double[] beta = weights.vector(norm + ".bias", width);
        String decoderName = weights.has(head + "decoder.weight") ? head + "decoder.weight"
                : prefix + "embeddings.word_embeddings.weight";
        double[][] decoder = weights.matrix(decoderName, vocab, width);
        String biasName = weights.has(head + "bias") ? head + "bias" : head + "decoder.bias";
        double[] bias = weights.vector(biasName, vocab);

        double[][][] hidden = forward.lastHiddenState();
        double[][][] logits = new double[hidden.length][hidden[0].length][];
        for (int b = 0; b < hidden.length; b++) {
            for (int t = 0; t < hidden[b].length; t++) {
                double[] x = activate(activation, linear(hidden[b][t], wDense, bDense));
                logits[b][t] = linear(layerNorm(x, gamma, beta, eps), decoder, bias);
            }
        }
        return logits;
    }

    /**
     * The pooler output [batch][H]: tanh(dense(first token)). BERT/RoBERTa name it {@code pooler.dense},
     * ALBERT {@code pooler} (a bare Linear).
     */
    public double[][] pooledOutput(ReferenceForward forward) {
        String name = prefix + (config.architecture() == Architecture.ALBERT ? "pooler" : "pooler.dense");
        return tanhDenseOnFirstToken(forward, name);
    }

    /**
     * Sequence-classification logits [batch][labels] (labels = 1: the regression output). BERT and ALBERT:
     * classifier(pooler output). RoBERTa ({@code RobertaClassificationHead}): out_proj(tanh(dense(first token))).
     */
    public double[][] classificationLogits(ReferenceForward forward) {
        int h = config.hiddenSize();
        int labels = config.numLabels();
        double[][] features;
        String classifier;
        if (config.architecture() == Architecture.ROBERTA) {
            features = tanhDenseOnFirstToken(forward, "classifier.dense");
            classifier = "classifier.out_proj";
        } else {
            features = pooledOutput(forward);
            classifier = "classifier";
        }
        double[][] w = weights.matrix(classifier + ".weight", labels, h);
        double[] bias = weights.vector(classifier + ".bias", labels);
        double[][] logits = new double[features.length][];
        for (int b = 0; b < features.length; b++) {
            logits[b] = linear(features[b], w, bias);
        }
        return logits;
    }

    private double[][] tanhDenseOnFirstToken(ReferenceForward forward, String dense) {
        int h = config.hiddenSize();
        double[][] w = weights.matrix(dense + ".weight", h, h);
        double[] bias = weights.vector(dense + ".bias", h);
        double[][][] hidden = forward.lastHiddenState();
        double[][] out = new double[hidden.length][];
        for (int b = 0; b < hidden.length; b++) {
            out[b] = ReferenceMath.tanh(linear(hidden[b][0], w, bias));
        }
        return out;
    }

    /**
     * Sentence embeddings [batch][H] as sentence-transformers' mean pooling computes them: the mean of the
     * last hidden states over tokens with attention mask 1 (count clamped at 1e-9), then L2-normalised
     * ({@code F.normalize}, norm clamped at 1e-12).
     */
    public static double[][] sentenceEmbeddings(ReferenceForward forward) {
        double[][][] hidden = forward.lastHiddenState();
        ReferenceInputs inputs = forward.inputs();
        double[][] out = new double[hidden.length][];
        for (int b = 0; b < hidden.length; b++) {
            double[] sum = new double[hidden[b][0].length];
            double count = 0;
            for (int t = 0; t < hidden[b].length; t++) {
                long m = inputs.mask(b, t);
                count += m;
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += hidden[b][t][d] * m;
                }
            }
            double norm = 0;
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= Math.max(count, 1e-9);
                norm += sum[d] * sum[d];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= norm;
            }
            out[b] = sum;
        }
        return out;
    }
}
