package dev.headcount.engine.importance;

/**
 * Raw head-importance sums over some examples, kept raw so that shards add up and any
 * normalisation can be redone. Rows are passes (layers; for ALBERT, applications of the shared
 * layer), columns original head numbers.
 *
 * @param absGradientSum Σ |dL/dξ| over units (examples or batches, see granularity)
 * @param units number of units summed
 * @param entropySum Σ attention entropy over real query tokens
 * @param entropyTokens number of real query tokens behind entropySum (each pass sees them all)
 * @param unitRows |dL/dξ| of every unit in scoring order, each flattened pass-major (passes × heads
 *     floats): what resampling needs (bootstrap intervals, split-half reliability); null where only the
 *     sums were kept (e.g. a map read from an older file)
 */
public record ImportanceMap(Granularity granularity, double[][] absGradientSum, long units,
                            double[][] entropySum, long entropyTokens, float[][] unitRows) {

    public ImportanceMap {
        if (unitRows != null && unitRows.length != units) {
            throw new IllegalArgumentException(unitRows.length + " unit rows for " + units + " units");
        }
    }

    /** Sums only, without the per-unit rows. */
    public ImportanceMap(Granularity granularity, double[][] absGradientSum, long units, double[][] entropySum,
                         long entropyTokens) {
        this(granularity, absGradientSum, units, entropySum, entropyTokens, null);
    }

    public static ImportanceMap empty(Granularity granularity, int passes, int heads) {
        return new ImportanceMap(granularity, new double[passes][heads], 0, new double[passes][heads], 0,
                new float[0][]);
    }

    /** Whether the per-unit rows were kept. */
    public boolean hasUnitRows() {
        return unitRows != null;
    }

    public int passes() {
        return absGradientSum.length;
    }

    public int heads() {
        return absGradientSum[0].length;
    }

    /** The sum of two shards' maps: the result of scoring both shards' examples at once. */
    public ImportanceMap plus(ImportanceMap other) {
        if (other.granularity != granularity || other.passes() != passes() || other.heads() != heads()) {
            throw new IllegalArgumentException("cannot add importance maps of different shapes or granularity");
        }
        double[][] g = new double[passes()][heads()];
        double[][] e = new double[passes()][heads()];
        for (int l = 0; l < passes(); l++) {
            for (int h = 0; h < heads(); h++) {
                g[l][h] = absGradientSum[l][h] + other.absGradientSum[l][h];
                e[l][h] = entropySum[l][h] + other.entropySum[l][h];
            }
        }
        float[][] rows = null;
        if (unitRows != null && other.unitRows != null) {
            rows = new float[unitRows.length + other.unitRows.length][];
            System.arraycopy(unitRows, 0, rows, 0, unitRows.length);
            System.arraycopy(other.unitRows, 0, rows, unitRows.length, other.unitRows.length);
        }
        return new ImportanceMap(granularity, g, units + other.units, e, entropyTokens + other.entropyTokens, rows);
    }

    /** Mean absolute gate gradient per unit: the unnormalised importance. */
    public double[][] importance() {
        double[][] out = new double[passes()][heads()];
        for (int l = 0; l < passes(); l++) {
            for (int h = 0; h < heads(); h++) {
                out[l][h] = units == 0 ? 0 : absGradientSum[l][h] / units;
            }
        }
        return out;
    }

    /** Mean attention entropy per real query token (nats). */
    public double[][] attentionEntropy() {
        double[][] out = new double[passes()][heads()];
        for (int l = 0; l < passes(); l++) {
            for (int h = 0; h < heads(); h++) {
                out[l][h] = entropyTokens == 0 ? 0 : entropySum[l][h] / entropyTokens;
            }
        }
        return out;
    }

    /** Importance with the requested normalisations (each as in run_bertology). */
    public double[][] normalized(Normalization normalization) {
        return normalization.apply(importance());
    }
}
