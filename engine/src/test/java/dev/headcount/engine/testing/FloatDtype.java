package dev.headcount.engine.testing;

/**
 * The floating dtypes a tiny checkpoint can be stored in, with the rounding each applies.
 *
 * <p>Values are rounded once, when a checkpoint is generated, so that what the reference computes
 * with is exactly what a reader decodes from the file.
 */
public enum FloatDtype {
    F32("float32", 4),
    F16("float16", 2),
    BF16("bfloat16", 2);

    private final String torchName;
    private final int bytes;

    FloatDtype(String torchName, int bytes) {
        this.torchName = torchName;
        this.bytes = bytes;
    }

    /** The {@code torch_dtype} that transformers writes into config.json. */
    public String torchName() {
        return torchName;
    }

    public int bytesPerElement() {
        return bytes;
    }

    /** The value a file of this dtype stores for {@code value} (round to nearest, ties to even). */
    public float round(float value) {
        return switch (this) {
            case F32 -> value;
            case F16 -> HalfPrecision.halfBitsToFloat(HalfPrecision.floatToHalfBits(value));
            case BF16 -> HalfPrecision.bfloat16BitsToFloat(HalfPrecision.floatToBfloat16Bits(value));
        };
    }
}
