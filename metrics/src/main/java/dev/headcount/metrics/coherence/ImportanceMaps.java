package dev.headcount.metrics.coherence;

/** Shape checks and flattening shared by the coherence statistics. */
final class ImportanceMaps {
    private ImportanceMaps() {
    }

    /** Rejects ragged, empty, negative or non-finite maps: importance is a non-negative number per head. */
    static void requireValid(double[][] map, String name) {
        if (map.length == 0 || map[0].length == 0) {
            throw new IllegalArgumentException(name + " has no heads");
        }
        for (int layer = 0; layer < map.length; layer++) {
            if (map[layer].length != map[0].length) {
                throw new IllegalArgumentException(name + " is ragged: layer " + layer + " has "
                        + map[layer].length + " heads, layer 0 has " + map[0].length);
            }
            for (int head = 0; head < map[layer].length; head++) {
                double value = map[layer][head];
                if (!Double.isFinite(value) || value < 0) {
                    throw new IllegalArgumentException(name + "[" + layer + "][" + head + "] = " + value
                            + ", importance must be finite and non-negative");
                }
            }
        }
    }

    static void requireSameShape(double[][] first, double[][] second) {
        requireValid(first, "first map");
        requireValid(second, "second map");
        if (first.length != second.length || first[0].length != second[0].length) {
            throw new IllegalArgumentException("maps differ in shape: " + first.length + "×" + first[0].length
                    + " vs " + second.length + "×" + second[0].length);
        }
    }

    /** Row-major: head h of layer l lands at l·heads + h, so index order is (layer, head) order. */
    static double[] flatten(double[][] map) {
        int heads = map[0].length;
        double[] flat = new double[map.length * heads];
        for (int layer = 0; layer < map.length; layer++) {
            System.arraycopy(map[layer], 0, flat, layer * heads, heads);
        }
        return flat;
    }
}
