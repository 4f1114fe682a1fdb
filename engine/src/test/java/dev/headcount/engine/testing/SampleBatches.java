package dev.headcount.engine.testing;

import dev.headcount.engine.model.Architecture;

/** Small input batches for tiny checkpoints: one full row, one row ending in padding. */
public final class SampleBatches {

    private SampleBatches() {
    }

    /**
     * Two rows of 7 tokens; the second has 2 pads (pad id and mask 0). BERT and ALBERT rows carry two
     * segments (token types 0 then 1); RoBERTa's are all type 0 as its single type embedding requires.
     */
    public static ReferenceInputs padded(TinySpec spec) {
        long pad = spec.padTokenId();
        long[][] ids = {
            {3, 17, 8, 25, 39, 11, 4},
            {3, 30, 6, 12, 4, pad, pad},
        };
        long[][] mask = {
            {1, 1, 1, 1, 1, 1, 1},
            {1, 1, 1, 1, 1, 0, 0},
        };
        long[][] types = spec.architecture() == Architecture.ROBERTA
                ? new long[2][7]
                : new long[][] {{0, 0, 0, 0, 1, 1, 1}, {0, 0, 0, 1, 1, 0, 0}};
        return ReferenceInputs.of(ids, mask, types);
    }
}
