package dev.headcount.engine.testing;

import dev.headcount.engine.checkpoint.HostTensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Reads Hugging Face-named float tensors as double arrays, checking shapes; conversions are cached. */
final class HfWeightView {

    private final Map<String, HostTensor> tensors;
    private final Map<String, Object> converted = new HashMap<>();

    HfWeightView(Map<String, HostTensor> tensors) {
        this.tensors = tensors;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** A [rows, cols] matrix; a linear weight is [out, in]. */
    double[][] matrix(String name, int rows, int cols) {
        return (double[][]) converted.computeIfAbsent(name, n -> {
            HostTensor t = require(n, new long[] {rows, cols});
            double[][] m = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    m[r][c] = t.data()[r * cols + c];
                }
            }
            return m;
        });
    }

    /** A matrix whose row count comes from the file (physically pruned attention layers are shorter). */
    int rows(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw missing(name);
        }
        return (int) t.shape()[0];
    }

    double[] vector(String name, int length) {
        return (double[]) converted.computeIfAbsent(name, n -> {
            HostTensor t = require(n, new long[] {length});
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                v[i] = t.data()[i];
            }
            return v;
        });
    }

    private HostTensor require(String name, long[] shape) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw missing(name);
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + t.shapeString()
                    + ", expected " + Arrays.toString(shape));
        }
        return t;
    }

    private IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("no tensor '" + name + "' among " + tensors.size() + " tensors");
    }
}
