package dev.headcount.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfPrecisionTest {

    @Test
    void float16RoundsToNearestEven() {
        assertEquals(0x3c00, HalfPrecision.floatToHalfBits(1f) & 0xffff);
        assertEquals(0x3555, HalfPrecision.floatToHalfBits(1f / 3) & 0xffff);
        assertEquals(0xc000, HalfPrecision.floatToHalfBits(-2f) & 0xffff);
        assertEquals(0x7bff, HalfPrecision.floatToHalfBits(65504f) & 0xffff);
        assertEquals(0x7c00, HalfPrecision.floatToHalfBits(65520f) & 0xffff); // halfway to 65536: ties to even = inf
        assertEquals(0x0001, HalfPrecision.floatToHalfBits((float) Math.pow(2, -24)) & 0xffff);
        assertEquals(0x0000, HalfPrecision.floatToHalfBits((float) Math.pow(2, -25)) & 0xffff); // tie to even 0
        assertEquals(0x0400, HalfPrecision.floatToHalfBits((float) Math.pow(2, -14)) & 0xffff);
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties to the even mantissa, 1
        assertEquals(0x3c00, HalfPrecision.floatToHalfBits(1f + (float) Math.pow(2, -11)) & 0xffff);
        assertEquals(0x3c02, HalfPrecision.floatToHalfBits(1f + 3 * (float) Math.pow(2, -11)) & 0xffff);
    }

    @Test
    void float16RoundTripsEveryFiniteHalf() {
        for (int bits = 0; bits < 0x10000; bits++) {
            if (((bits >>> 10) & 0x1f) == 0x1f) {
                continue;
            }
            float f = HalfPrecision.halfBitsToFloat((short) bits);
            assertEquals(bits, HalfPrecision.floatToHalfBits(f) & 0xffff, "half bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void bfloat16KeepsTheTopSixteenBitsRounded() {
        assertEquals(0x3f80, HalfPrecision.floatToBfloat16Bits(1f) & 0xffff);
        assertEquals(0x3eab, HalfPrecision.floatToBfloat16Bits(1f / 3) & 0xffff);
        assertEquals(1f / 3, FloatDtype.BF16.round(1f / 3), 1f / 3 / 256);
        assertEquals(0.333984375f, FloatDtype.BF16.round(1f / 3), 0f);
    }
}
