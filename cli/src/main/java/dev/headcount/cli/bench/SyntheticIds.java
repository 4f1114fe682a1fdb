package dev.headcount.cli.bench;

import dev.headcount.engine.model.TokenBatch;
import java.util.SplittableRandom;

/** The standard benchmark's token ids (docs/benchmarks.md), so figures compare across implementations. */
public final class SyntheticIds {

    private SyntheticIds() {
    }

    /** [CLS] then ids in [1000, 30000] then [SEP], rows filled in order from one SplittableRandom(42). */
    public static TokenBatch batch(int b, int length) {
        SplittableRandom rng = new SplittableRandom(42);
        long[][] ids = new long[b][length];
        long[][] mask = new long[b][length];
        long[][] types = new long[b][length];
        for (int r = 0; r < b; r++) {
            ids[r][0] = 101;
            for (int t = 1; t < length - 1; t++) {
                ids[r][t] = 1000 + Long.remainderUnsigned(rng.nextLong(), 29001);
            }
            ids[r][length - 1] = 102;
            java.util.Arrays.fill(mask[r], 1);
        }
        return new TokenBatch(ids, mask, types);
    }
}
