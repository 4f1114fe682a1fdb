package dev.headcount.metrics.coherence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Share of a map's total importance in each layer, Σ_h I[l,h] / Σ_{l,h} I[l,h]: where in depth a
 * task's important heads sit (Budhraja et al. 2020 find middle layers matter more). The shares sum
 * to 1. Give it the raw map (mean |gate gradient| per head): after run_bertology's per-layer L2
 * normalisation every layer has norm 1 and holds about 1/L of the total whatever the model does.
 * An all-zero map has no distribution to share out, so every share is NaN rather than 0 — zeros would
 * read as "no layer matters" and would not sum to 1.
 */
public final class LayerMass {
    private LayerMass() {
    }

    public static List<Double> of(double[][] map) {
        ImportanceMaps.requireValid(map, "map");
        double[] layerTotals = new double[map.length];
        double total = 0;
        for (int layer = 0; layer < map.length; layer++) {
            for (double value : map[layer]) {
                layerTotals[layer] += value;
            }
            total += layerTotals[layer];
        }
        List<Double> shares = new ArrayList<>(map.length);
        for (double layerTotal : layerTotals) {
            shares.add(total == 0 ? Double.NaN : layerTotal / total);
        }
        return Collections.unmodifiableList(shares);
    }
}
