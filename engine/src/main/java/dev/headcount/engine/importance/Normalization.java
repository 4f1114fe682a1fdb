package dev.headcount.engine.importance;

/**
 * The two optional normalisations of run_bertology, applied in its order: each layer's row divided
 * by its L2 norm (+1e-20), then global min-max to [0, 1].
 */
public record Normalization(boolean perLayerL2, boolean globalMinMax) {

    public static final Normalization DEFAULT = new Normalization(true, true);
    public static final Normalization NONE = new Normalization(false, false);

    public double[][] apply(double[][] importance) {
        double[][] out = new double[importance.length][];
        for (int l = 0; l < importance.length; l++) {
            out[l] = importance[l].clone();
            if (perLayerL2) {
                double sq = 0;
                for (double v : out[l]) {
                    sq += v * v;
                }
                double norm = Math.sqrt(sq) + 1e-20;
                for (int h = 0; h < out[l].length; h++) {
                    out[l][h] /= norm;
                }
            }
        }
        if (globalMinMax) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : out) {
                for (double v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double range = max - min;
            for (double[] row : out) {
                for (int h = 0; h < row.length; h++) {
                    // all heads equal: no order to express, map them all to 0
                    row[h] = range > 0 ? (row[h] - min) / range : 0;
                }
            }
        }
        return out;
    }
}
