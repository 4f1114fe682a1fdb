package dev.headcount.engine.testing;

/**
 * A batch of inputs, [batch][tokens]. Null fields take transformers' defaults: attention mask all
 * ones, token types all zeros, position ids from the architecture (see {@link ReferenceEncoder}).
 * Explicit {@code positionIds} are used as given, as transformers does with its {@code position_ids} argument.
 */
public record ReferenceInputs(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds, long[][] positionIds) {

    public ReferenceInputs {
        if (inputIds == null || inputIds.length == 0) {
            throw new IllegalArgumentException("inputIds must hold at least one row");
        }
        int tokens = inputIds[0].length;
        for (long[][] field : new long[][][] {inputIds, attentionMask, tokenTypeIds, positionIds}) {
            if (field == null) {
                continue;
            }
            if (field.length != inputIds.length) {
                throw new IllegalArgumentException("every input needs " + inputIds.length + " rows");
            }
            for (long[] row : field) {
                if (row.length != tokens) {
                    throw new IllegalArgumentException("every row needs " + tokens + " tokens");
                }
            }
        }
    }

    public static ReferenceInputs of(long[][] inputIds) {
        return new ReferenceInputs(inputIds, null, null, null);
    }

    public static ReferenceInputs of(long[][] inputIds, long[][] attentionMask) {
        return new ReferenceInputs(inputIds, attentionMask, null, null);
    }

    public static ReferenceInputs of(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds) {
        return new ReferenceInputs(inputIds, attentionMask, tokenTypeIds, null);
    }

    public ReferenceInputs withPositionIds(long[][] ids) {
        return new ReferenceInputs(inputIds, attentionMask, tokenTypeIds, ids);
    }

    public int batchSize() {
        return inputIds.length;
    }

    public int tokens() {
        return inputIds[0].length;
    }

    /** The attention mask, all ones when none was given. */
    public long mask(int row, int token) {
        return attentionMask == null ? 1 : attentionMask[row][token];
    }
}
