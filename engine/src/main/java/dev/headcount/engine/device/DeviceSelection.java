package dev.headcount.engine.device;

import ai.djl.Device;
import java.util.Optional;

/**
 * The device a choice gives on a machine.
 *
 * @param notice the one line to log when the choice could not be met as asked (auto without a GPU)
 */
public record DeviceSelection(DeviceChoice choice, Device device, Optional<String> notice) {

    /**
     * @param gpus           GPUs the native library sees
     * @param nativeLibrary  the library's description, for the messages (e.g. "PyTorch 2.7.1 cpu")
     * @throws IllegalStateException for {@code gpu} without a GPU: asked for explicitly, the CPU would be a surprise
     */
    public static DeviceSelection select(DeviceChoice choice, int gpus, String nativeLibrary) {
        return switch (choice) {
            case CPU -> new DeviceSelection(choice, Device.cpu(), Optional.empty());
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException("--device gpu: no GPU is visible to " + nativeLibrary + " (a CPU build "
                            + "of the native library sees none; a CUDA build needs a driver and a visible device); use "
                            + "--device auto to fall back to the CPU");
                }
                yield new DeviceSelection(choice, Device.gpu(0), Optional.empty());
            }
            case AUTO -> gpus > 0 ? new DeviceSelection(choice, Device.gpu(0), Optional.empty())
                    : new DeviceSelection(choice, Device.cpu(), Optional.of("no GPU visible to " + nativeLibrary
                            + ": running on the CPU (--device auto)"));
        };
    }
}
