package dev.headcount.engine.pruning;

/** One head of one pass (layer), in original numbering. */
public record HeadId(int layer, int head) implements Comparable<HeadId> {

    @Override
    public int compareTo(HeadId o) {
        return layer != o.layer ? Integer.compare(layer, o.layer) : Integer.compare(head, o.head);
    }

    @Override
    public String toString() {
        return "L" + layer + "H" + head;
    }
}
