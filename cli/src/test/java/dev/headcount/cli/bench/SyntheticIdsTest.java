package dev.headcount.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.headcount.engine.model.TokenBatch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The fingerprint docs/benchmarks.md gives, so our workload is the standard one. */
class SyntheticIdsTest {

    @Test
    void matchesTheStandardWorkloadFingerprint() {
        TokenBatch b128 = SyntheticIds.batch(32, 128);
        assertArrayEquals(new long[] {101, 20129, 17630, 26704, 16129, 12479, 9439, 27077},
                Arrays.copyOf(b128.inputIds()[0], 8));
        assertEquals(62_593_149L, sum(b128));
        assertEquals(30_784_223L, sum(SyntheticIds.batch(32, 64)));
        assertEquals(102, b128.inputIds()[31][127]);
    }

    private static long sum(TokenBatch b) {
        return Arrays.stream(b.inputIds()).flatMapToLong(Arrays::stream).sum();
    }
}
