package dev.headcount.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.headcount.engine.checkpoint.HostTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The named weights of a model, in Hugging Face naming, on the native engine. Owns the manager
 * that holds them; closing it frees every weight.
 */
public final class Parameters implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    public Parameters(NDManager manager) {
        this.manager = manager;
    }

    public NDManager manager() {
        return manager;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalStateException("model has no parameter '" + name + "'");
        }
        return a;
    }

    public boolean has(String name) {
        return arrays.containsKey(name);
    }

    /** Stores a parameter, closing the one it replaces. */
    public void put(String name, NDArray array) {
        array.attach(manager);
        array.setName(name);
        NDArray old = arrays.put(name, array);
        if (old != null && old != array) {
            old.close();
        }
    }

    public void put(String name, HostTensor tensor) {
        put(name, manager.create(tensor.data(), new Shape(tensor.shape())));
    }

    public void remove(String name) {
        NDArray old = arrays.remove(name);
        if (old != null) {
            old.close();
        }
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(arrays.keySet());
    }

    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(arrays);
    }

    /** Copies every parameter to Java memory, in insertion order. */
    public Map<String, HostTensor> toHost() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, new HostTensor(a.getShape().getShape(), a.toFloatArray())));
        return out;
    }

    /** Total number of weights. */
    public long count() {
        return arrays.values().stream().mapToLong(NDArray::size).sum();
    }

    @Override
    public void close() {
        manager.close();
    }
}
