package dev.headcount.engine.model;

/**
 * How one forward pass runs.
 *
 * @param training dropout on (and nothing else changes)
 * @param albertMaskMode how head-mask rows map to ALBERT passes; ignored for other architectures
 * @param recordAttentionEntropy sum the attention entropy of every head over real query tokens
 */
public record ForwardOptions(boolean training, AlbertMaskMode albertMaskMode, boolean recordAttentionEntropy) {

    public static ForwardOptions evaluation() {
        return new ForwardOptions(false, AlbertMaskMode.PER_PASS, false);
    }

    public static ForwardOptions training(boolean on) {
        return new ForwardOptions(on, AlbertMaskMode.PER_PASS, false);
    }

    public ForwardOptions withAlbertMaskMode(AlbertMaskMode mode) {
        return new ForwardOptions(training, mode, recordAttentionEntropy);
    }

    public ForwardOptions withAttentionEntropy(boolean on) {
        return new ForwardOptions(training, albertMaskMode, on);
    }
}
