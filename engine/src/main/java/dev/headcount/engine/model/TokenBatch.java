package dev.headcount.engine.model;

/**
 * Token ids of a padded batch in Java memory: B rows of equal length T.
 *
 * @param tokenTypeIds may be null (all zeros)
 */
public record TokenBatch(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds) {

    public TokenBatch {
        if (inputIds.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int t = inputIds[0].length;
        check("input_ids", inputIds, inputIds.length, t);
        check("attention_mask", attentionMask, inputIds.length, t);
        if (tokenTypeIds != null) {
            check("token_type_ids", tokenTypeIds, inputIds.length, t);
        }
    }

    private static void check(String name, long[][] rows, int b, int t) {
        if (rows == null || rows.length != b) {
            throw new IllegalArgumentException(name + " must have " + b + " rows");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != t) {
                throw new IllegalArgumentException(name + " row " + i + " has length " + rows[i].length
                        + ", expected " + t + " (rows must be padded to one length)");
            }
        }
    }

    public int size() {
        return inputIds.length;
    }

    public int length() {
        return inputIds[0].length;
    }

    /** Number of tokens whose attention mask is 1. */
    public long realTokens() {
        long n = 0;
        for (long[] row : attentionMask) {
            for (long m : row) {
                n += m != 0 ? 1 : 0;
            }
        }
        return n;
    }
}
