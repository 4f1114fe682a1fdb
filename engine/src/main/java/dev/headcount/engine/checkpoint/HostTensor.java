package dev.headcount.engine.checkpoint;

import java.util.Arrays;

/**
 * A float32 tensor in Java memory, row-major: what checkpoint readers produce and writers take,
 * before anything goes to the native engine.
 */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + data.length + " were given");
        }
    }

    public long size() {
        return data.length;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** The transpose of a 2-D tensor (TensorFlow and ONNX kernels are [in, out]; Hugging Face wants [out, in]). */
    public HostTensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("transpose2d needs a 2-D tensor, got " + shapeString());
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return new HostTensor(new long[] {cols, rows}, out);
    }
}
