package dev.headcount.engine.pruning;

import java.util.Arrays;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A gate value per head of every pass, [passes][heads]: 1 keeps a head, 0 silences it. Values in
 * between are allowed (the gates are continuous for the importance estimate).
 */
public record HeadMask(float[][] values) {

    public HeadMask {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("a head mask needs at least one layer and one head");
        }
        for (float[] row : values) {
            if (row.length != values[0].length) {
                throw new IllegalArgumentException("head mask rows have different lengths");
            }
        }
    }

    public static HeadMask ones(int passes, int heads) {
        float[][] v = new float[passes][heads];
        for (float[] row : v) {
            Arrays.fill(row, 1f);
        }
        return new HeadMask(v);
    }

    /** All ones except the given heads, which are 0. */
    public static HeadMask without(int passes, int heads, Collection<HeadId> removed) {
        HeadMask m = ones(passes, heads);
        for (HeadId id : removed) {
            m.values[id.layer()][id.head()] = 0f;
        }
        return m;
    }

    /**
     * A 1-D [heads] mask applies to every layer, as transformers broadcasts it; a 2-D one must have
     * one row per pass.
     */
    public static HeadMask broadcast(float[] perHead, int passes) {
        float[][] v = new float[passes][];
        for (int l = 0; l < passes; l++) {
            v[l] = perHead.clone();
        }
        return new HeadMask(v);
    }

    public int passes() {
        return values.length;
    }

    public int heads() {
        return values[0].length;
    }

    /** Heads whose gate is exactly 0. */
    public SortedSet<HeadId> silenced() {
        SortedSet<HeadId> out = new TreeSet<>();
        for (int l = 0; l < values.length; l++) {
            for (int h = 0; h < values[l].length; h++) {
                if (values[l][h] == 0f) {
                    out.add(new HeadId(l, h));
                }
            }
        }
        return out;
    }

    public boolean isAllOnes() {
        for (float[] row : values) {
            for (float v : row) {
                if (v != 1f) {
                    return false;
                }
            }
        }
        return true;
    }
}
