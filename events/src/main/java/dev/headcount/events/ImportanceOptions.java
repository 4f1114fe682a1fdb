package dev.headcount.events;

/**
 * How head importance is computed and normalised.
 *
 * @param granularity      per-example (default) or per-batch
 * @param normalizePerLayer divide each layer's row by its L2 norm (default true)
 * @param normalizeGlobal   then min-max the whole map to [0, 1] (default true)
 * @param albertMask        per-pass (default) or hf; ignored for non-ALBERT models
 * @param batchSize         scoring batch size (default {@value #DEFAULT_BATCH_SIZE}). It decides the units of a map
 *                          that cannot be scored per example: the contrastive objective scores one unit per batch
 *                          (its in-batch negatives), and the report's intervals resample units, so small batches
 *                          give a per-batch map enough units to resample (128 examples: 16 units, not 4 at 32)
 * @param shards            scoring shards per map (default {@value #DEFAULT_SHARDS}): each a contiguous range of the
 *                          map's batches, a unit of work of its own, so several scorer replicas score one map; the
 *                          merged map is the same whatever the number of shards
 */
public record ImportanceOptions(Granularity granularity, Boolean normalizePerLayer, Boolean normalizeGlobal,
                                AlbertMaskMode albertMask, Integer batchSize, Integer shards) {
    public static final int DEFAULT_BATCH_SIZE = 8;
    public static final int DEFAULT_SHARDS = 4;
    public static final int MAX_SHARDS = 64;
    public static final ImportanceOptions DEFAULTS = new ImportanceOptions(Granularity.PER_EXAMPLE, true, true,
            AlbertMaskMode.PER_PASS, DEFAULT_BATCH_SIZE, DEFAULT_SHARDS);

    public ImportanceOptions(Granularity granularity, Boolean normalizePerLayer, Boolean normalizeGlobal,
                             AlbertMaskMode albertMask, Integer batchSize) {
        this(granularity, normalizePerLayer, normalizeGlobal, albertMask, batchSize, null);
    }

    public ImportanceOptions(Granularity granularity, Boolean normalizePerLayer, Boolean normalizeGlobal,
                             AlbertMaskMode albertMask) {
        this(granularity, normalizePerLayer, normalizeGlobal, albertMask, null, null);
    }

    /** Absent options take their defaults, so a request only names what it changes. */
    public ImportanceOptions {
        granularity = granularity == null ? Granularity.PER_EXAMPLE : granularity;
        normalizePerLayer = normalizePerLayer == null ? Boolean.TRUE : normalizePerLayer;
        normalizeGlobal = normalizeGlobal == null ? Boolean.TRUE : normalizeGlobal;
        albertMask = albertMask == null ? AlbertMaskMode.PER_PASS : albertMask;
        batchSize = batchSize == null ? Integer.valueOf(DEFAULT_BATCH_SIZE) : batchSize;
        shards = shards == null ? Integer.valueOf(DEFAULT_SHARDS) : shards;
    }

    void check(java.util.List<String> problems) {
        if (batchSize < 2 || batchSize > 1024) {
            problems.add("importance.batchSize must be in [2, 1024] (a contrastive batch needs a negative), was "
                    + batchSize);
        }
        if (shards < 1 || shards > MAX_SHARDS) {
            problems.add("importance.shards must be in [1, " + MAX_SHARDS + "], was " + shards);
        }
    }
}
