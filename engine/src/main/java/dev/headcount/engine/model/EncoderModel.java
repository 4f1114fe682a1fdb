package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A head-gated encoder with whatever heads its checkpoint carries (masked LM, sequence
 * classifier). Holds its weights on the native engine until closed.
 */
public final class EncoderModel implements AutoCloseable {

    private final ModelConfig config;
    private final Parameters params;
    private final Path tokenizerFile;
    private Encoder encoder;
    private MlmHead mlmHead;
    private SequenceClassifier classifier;

    /**
     * @param tokenizerFile the checkpoint's tokenizer.json, or null when it has none
     */
    public EncoderModel(ModelConfig config, Parameters params, Path tokenizerFile) {
        this.config = config;
        this.params = params;
        this.tokenizerFile = tokenizerFile;
        rebind();
    }

    /** Rebuilds the views over the parameters, after parameters were added or replaced. */
    public void rebind() {
        encoder = new Encoder(config, params);
        mlmHead = MlmHead.present(config, params) ? new MlmHead(config, params) : null;
        classifier = SequenceClassifier.present(config, params) && config.numLabels() > 0
                ? new SequenceClassifier(config, params) : null;
    }

    public ModelConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    public Optional<Path> tokenizerFile() {
        return Optional.ofNullable(tokenizerFile);
    }

    public Encoder encoder() {
        return encoder;
    }

    public Optional<MlmHead> mlmHead() {
        return Optional.ofNullable(mlmHead);
    }

    public Optional<SequenceClassifier> classifier() {
        return Optional.ofNullable(classifier);
    }

    public MlmHead requireMlmHead() {
        if (mlmHead == null) {
            throw new IllegalStateException("this " + config.architecture().modelType()
                    + " checkpoint has no masked-LM head (use the contrastive pre-training task instead)");
        }
        return mlmHead;
    }

    public SequenceClassifier requireClassifier() {
        if (classifier == null) {
            throw new IllegalStateException("this checkpoint has no sequence-classification head"
                    + " (num_labels is " + config.numLabels() + ")");
        }
        return classifier;
    }

    /** A manager for one batch's arrays: close it after the batch. */
    public NDManager newBatchManager() {
        return params.manager().newSubManager();
    }

    public EncoderOutput encode(NDManager manager, TokenBatch batch, NDArray gates, ForwardOptions options) {
        return encoder.forward(manager, batch, gates, options);
    }

    /** Number of heads still present, summed over weight layers. */
    public int remainingHeads() {
        int n = 0;
        for (int l = 0; l < config.numWeightLayers(); l++) {
            n += config.keptHeads(l).length;
        }
        return n;
    }

    @Override
    public void close() {
        params.close();
    }
}
