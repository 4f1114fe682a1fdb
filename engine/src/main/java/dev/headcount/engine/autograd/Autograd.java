package dev.headcount.engine.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * The engine's only way to run a backward pass and to turn recording off. See the package
 * documentation for the garbage-collection race this guards against.
 */
public final class Autograd {

    private static final Runnable NOTHING = () -> { };
    private static volatile Runnable beforeBackward = NOTHING;

    private Autograd() {
    }

    /**
     * Refuses a non-finite loss, then differentiates it. Between the two, the hook set by
     * {@link #runBeforeBackward} runs: the window in which a collection used to corrupt gradients.
     *
     * @param target a scalar loss
     * @param what names it in an error, e.g. "loss of batch 3"
     */
    public static void backward(GradientCollector collector, NDArray target, String what) {
        Finite.check(target.getFloat(), what);
        beforeBackward.run();
        collector.backward(target);
    }

    /**
     * For tests: runs {@code hook} inside every forward→backward window (e.g. a full garbage
     * collection), or nothing when {@code hook} is null.
     */
    public static void runBeforeBackward(Runnable hook) {
        beforeBackward = hook == null ? NOTHING : hook;
    }

    /**
     * Turns autograd recording off on this thread until closed, then restores what was in effect.
     * PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that
     * started the engine, so forward-only work on any other thread (a service's worker) would
     * record a graph and keep every intermediate alive until the batch's manager closes.
     */
    public static NoGrad noGrad() {
        return recording(false);
    }

    /**
     * Sets recording on this thread until closed, then restores what was in effect. {@code true} is what
     * PyTorch does by default on a new thread (the benchmark measures that against {@link #noGrad()}).
     */
    public static NoGrad recording(boolean on) {
        return new NoGrad(JniUtils.isGradMode(), on);
    }

    /** The scope of {@link #noGrad()} and {@link #recording(boolean)}. */
    public static final class NoGrad implements AutoCloseable {
        private final boolean previous;

        private NoGrad(boolean previous, boolean on) {
            this.previous = previous;
            JniUtils.setGradMode(on);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
