package dev.headcount.engine.data;

import dev.headcount.engine.model.TokenBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups tokenised examples into padded batches. Length bucketing sorts examples by length first,
 * so each batch is padded only to its own longest row; results do not depend on padding, only the
 * time does.
 */
public final class Batching {

    /** A batch and the indices of its rows in the original example list. */
    public record Batch(TokenBatch tokens, int[] indices) {
    }

    private Batching() {
    }

    /** Batches of examples of similar length (stable sort by length, then by original order). */
    public static List<Batch> bucketed(List<TextTokenizer.Encoded> examples, int batchSize, long padId) {
        int[] order = IntStream.range(0, examples.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> examples.get(i).length()).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        return chunk(examples, order, batchSize, padId, false);
    }

    /** Batches in the original order, every row padded to the longest example of the whole list. */
    public static List<Batch> padToLongest(List<TextTokenizer.Encoded> examples, int batchSize, long padId) {
        int[] order = IntStream.range(0, examples.size()).toArray();
        return chunk(examples, order, batchSize, padId, true);
    }

    private static List<Batch> chunk(List<TextTokenizer.Encoded> examples, int[] order, int batchSize, long padId,
                                     boolean global) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        int longest = examples.stream().mapToInt(TextTokenizer.Encoded::length).max().orElse(0);
        List<Batch> out = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int[] idx = java.util.Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
            int length = global ? longest : IntStream.of(idx).map(i -> examples.get(i).length()).max().orElse(0);
            out.add(new Batch(pad(examples, idx, length, padId), idx));
        }
        return out;
    }

    /** Pads rows to {@code length} with the pad id, attention 0 and token type 0. */
    public static TokenBatch pad(List<TextTokenizer.Encoded> examples, int[] idx, int length, long padId) {
        long[][] ids = new long[idx.length][length];
        long[][] mask = new long[idx.length][length];
        long[][] types = new long[idx.length][length];
        for (int r = 0; r < idx.length; r++) {
            TextTokenizer.Encoded e = examples.get(idx[r]);
            java.util.Arrays.fill(ids[r], padId);
            System.arraycopy(e.ids(), 0, ids[r], 0, e.length());
            System.arraycopy(e.typeIds(), 0, types[r], 0, e.length());
            java.util.Arrays.fill(mask[r], 0, e.length(), 1);
        }
        return new TokenBatch(ids, mask, types);
    }
}
