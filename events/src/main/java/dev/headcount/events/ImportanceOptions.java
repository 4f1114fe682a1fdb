package dev.headcount.events;

/**
 * How head importance is computed and normalised.
 *
 * @param granularity      per-example (default) or per-batch
 * @param normalizePerLayer divide each layer's row by its L2 norm (default true)
 * @param normalizeGlobal   then min-max the whole map to [0, 1] (default true)
 * @param albertMask        per-pass (default) or hf; ignored for non-ALBERT models
 */
public record ImportanceOptions(Granularity granularity, Boolean normalizePerLayer, Boolean normalizeGlobal,
                                AlbertMaskMode albertMask) {
    public static final ImportanceOptions DEFAULTS =
            new ImportanceOptions(Granularity.PER_EXAMPLE, true, true, AlbertMaskMode.PER_PASS);

    /** Absent options take their defaults, so a request only names what it changes. */
    public ImportanceOptions {
        granularity = granularity == null ? Granularity.PER_EXAMPLE : granularity;
        normalizePerLayer = normalizePerLayer == null ? Boolean.TRUE : normalizePerLayer;
        normalizeGlobal = normalizeGlobal == null ? Boolean.TRUE : normalizeGlobal;
        albertMask = albertMask == null ? AlbertMaskMode.PER_PASS : albertMask;
    }
}
