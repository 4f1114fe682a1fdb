package dev.headcount.engine.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands that PyTorch owns. {@code NDManager.full} allocates through {@code torch::full},
 * so the tensor's storage belongs to PyTorch and stays valid for as long as autograd keeps a
 * reference to it, whatever the Java garbage collector does (see the package documentation for
 * why {@code NDArray.div(Number)} and its kin are not used). The result is a 0-dimensional array:
 * it broadcasts like the number would, through the same kernels, so values are bit-for-bit those of
 * the Number overloads.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A 0-dimensional array holding {@code value} with {@code like}'s data type, in {@code like}'s manager. */
    public static NDArray like(NDArray like, double value) {
        return of(like.getManager(), value, like.getDataType());
    }

    /** A 0-dimensional float32 array holding {@code value}. */
    public static NDArray of(NDManager manager, double value) {
        return of(manager, value, DataType.FLOAT32);
    }

    public static NDArray of(NDManager manager, double value, DataType type) {
        return manager.full(new Shape(), (float) value, type);
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, double value) {
        return x.div(like(x, value));
    }

    /** {@code x * value}. */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(like(x, value));
    }

    /** {@code x + value}. */
    public static NDArray add(NDArray x, double value) {
        return x.add(like(x, value));
    }

    /** {@code x ^ value}. */
    public static NDArray pow(NDArray x, double value) {
        return x.pow(like(x, value));
    }

    /** {@code max(x, value)} element-wise: a lower clamp (gradient 1 where x exceeds the bound). */
    public static NDArray atLeast(NDArray x, double value) {
        return x.maximum(like(x, value));
    }

    /** {@code x *= value} in place (optimizer updates, outside any backward pass). */
    public static NDArray muli(NDArray x, double value) {
        return x.muli(like(x, value));
    }
}
