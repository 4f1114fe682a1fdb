package dev.headcount.events;

/** One attention head: layer (for ALBERT, the pass of its shared layer) and head, both from 0. */
public record HeadId(int layer, int head) implements Comparable<HeadId> {
    public HeadId {
        if (layer < 0 || head < 0) {
            throw new IllegalArgumentException("head [" + layer + ", " + head + "] must have layer >= 0 and head >= 0");
        }
    }

    @Override
    public int compareTo(HeadId other) {
        return layer != other.layer ? Integer.compare(layer, other.layer) : Integer.compare(head, other.head);
    }
}
