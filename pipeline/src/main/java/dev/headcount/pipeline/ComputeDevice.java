package dev.headcount.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Optional;

/**
 * The device PyTorch actually computes on, stated once at a worker's start-up, and the refusal to start on the CPU
 * where a GPU was promised ({@code headcount.require-gpu}, env {@code HEADCOUNT_REQUIRE_GPU}: deploy/'s gpu overlay
 * sets it). DJL picks the GPU only when it finds the CUDA runtime and a CUDA build of PyTorch; without them a pod
 * that holds a GPU would silently compute on its CPU, hours per unit instead of minutes. The services' start-up
 * observers ({@code EngineDevice}) call {@link #atStartup(boolean)}.
 */
public final class ComputeDevice {

    private ComputeDevice() {
    }

    /** Loads the engine and returns the start-up line; throws, saying what is missing, when a GPU is required and absent. */
    public static String atStartup(boolean requireGpu) {
        Engine engine = Engine.getInstance();
        Device device = engine.defaultDevice();
        int gpus = engine.getGpuCount();
        String line = describe(engine.getEngineName(), engine.getVersion(), device, gpus);
        Optional<String> problem = problem(requireGpu, device, gpus);
        if (problem.isPresent()) throw new IllegalStateException(line + ": " + problem.get());
        return line;
    }

    /** The start-up line: engine, version, the device used and how many GPUs were visible. */
    static String describe(String engine, String version, Device device, int gpus) {
        return engine + " " + version + " computes on " + device + " (" + gpus + " GPU" + (gpus == 1 ? "" : "s") + " visible)";
    }

    /** Why this process must not start, if it must not. */
    static Optional<String> problem(boolean requireGpu, Device device, int gpus) {
        if (!requireGpu || device.isGpu()) return Optional.empty();
        return Optional.of("headcount.require-gpu (HEADCOUNT_REQUIRE_GPU) is set but PyTorch would compute on " + device
                + (gpus == 0
                ? ": no GPU visible. Is the CUDA runtime (libcudart) in the image (the -cuda image, deploy/README.md), "
                        + "the NVIDIA device plugin giving this pod a GPU (nvidia.com/gpu limit), and PyTorch's CUDA build "
                        + "on PYTORCH_LIBRARY_PATH?"
                : ": " + gpus + " GPUs visible, yet the engine's default device is not one (CPU build of PyTorch loaded?)"));
    }
}
