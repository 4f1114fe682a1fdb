package dev.headcount.engine.testing;

/**
 * IEEE 754 binary16 and bfloat16 conversions, round to nearest with ties to even, written for the
 * test fixtures independently of the production reader (Float.floatToFloat16 needs Java 20).
 */
public final class HalfPrecision {

    private HalfPrecision() {
    }

    public static short floatToHalfBits(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) { // infinity or NaN (NaN keeps a quiet bit)
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00); // overflow to infinity
        }
        if (halfExponent <= 0) { // subnormal half (or zero): shift the implicit 1 in, then round
            if (halfExponent < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x800000;
            int shift = 14 - halfExponent; // 24-bit significand down to a 10-bit subnormal
            return (short) (sign | roundShift(full, shift));
        }
        // Normal: keep 10 of 23 mantissa bits; a carry out of the mantissa correctly bumps the exponent.
        int rounded = roundShift((halfExponent << 23) | mantissa, 13);
        return (short) (sign | rounded);
    }

    public static float halfBitsToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            double magnitude = mantissa * Math.pow(2, -24); // exact: subnormal halves are multiples of 2^-24
            return (float) (sign == 0 ? magnitude : -magnitude);
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    public static short floatToBfloat16Bits(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) (roundShift(bits, 16) & 0xffff); // a carry into the exponent is the right rounding
    }

    public static float bfloat16BitsToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /** {@code value >>> shift}, rounded to nearest with ties to even. */
    private static int roundShift(int value, int shift) {
        int truncated = value >>> shift;
        int remainder = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (truncated & 1) == 1)) {
            truncated++;
        }
        return truncated;
    }
}
