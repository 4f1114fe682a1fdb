package dev.headcount.metrics.coherence;

import java.util.Arrays;

/**
 * The per-unit gate gradients an importance map is the mean of, kept so that the map can be recomputed
 * from any resample of its scoring units: {@code rows[u][layer · heads + head]} is ∂L/∂ξ of that head
 * for scoring unit u. A unit is one example for separable objectives (classification, regression,
 * masked LM) and one batch where the loss is not separable (the contrastive objective's in-batch
 * negatives): the scorer reports which granularity it used, and resampling units of a per-batch map
 * resamples batches.
 *
 * <p>The map of a set of units is Michel et al.'s importance, the mean absolute gate gradient per
 * head, optionally with each layer's row divided by its L2 norm (run_bertology's per-layer
 * normalisation, which changes the order of heads across layers). The global min-max rescaling that
 * may follow is monotone and changes no rank statistic, top-k set or Pearson's r, so it is left out.
 */
public record GateGradientRows(int layers, int heads, float[][] rows) {

    public GateGradientRows {
        if (layers < 1 || heads < 1) {
            throw new IllegalArgumentException("gate gradient rows need at least one layer and head, got "
                    + layers + "×" + heads);
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("no gate gradient rows");
        }
        for (int u = 0; u < rows.length; u++) {
            if (rows[u] == null || rows[u].length != layers * heads) {
                throw new IllegalArgumentException("gate gradient row " + u + " has "
                        + (rows[u] == null ? 0 : rows[u].length) + " values, expected " + layers + "×" + heads);
            }
            for (int i = 0; i < rows[u].length; i++) {
                if (!Float.isFinite(rows[u][i])) {
                    throw new IllegalArgumentException("gate gradient row " + u + ", layer " + i / heads + ", head "
                            + i % heads + " is " + rows[u][i]);
                }
            }
        }
        rows = Arrays.stream(rows).map(float[]::clone).toArray(float[][]::new);
    }

    /** Number of scoring units (examples or batches). */
    public int size() {
        return rows.length;
    }

    /** The map of the units at {@code units} (indices, repeats allowed), {@code [layers][heads]}. */
    public double[][] map(int[] units, boolean perLayerL2) {
        double[][] map = new double[layers][heads];
        for (int u : units) {
            float[] row = rows[u];
            for (int i = 0; i < row.length; i++) {
                map[i / heads][i % heads] += Math.abs(row[i]);
            }
        }
        for (double[] layer : map) {
            double squares = 0;
            for (int h = 0; h < heads; h++) {
                layer[h] /= units.length;
                squares += layer[h] * layer[h];
            }
            if (perLayerL2) {
                // + 1e-20 as run_bertology, so an all-zero layer stays 0 rather than NaN
                double norm = Math.sqrt(squares) + 1e-20;
                for (int h = 0; h < heads; h++) {
                    layer[h] /= norm;
                }
            }
        }
        return map;
    }
}
