package dev.headcount.cli;

import dev.headcount.engine.device.DeviceChoice;
import dev.headcount.engine.device.Devices;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --device auto|cpu|gpu} for every command that computes: sets the engine's choice for this process. */
public final class DeviceOption {

    @Option(names = "--device", paramLabel = "auto|cpu|gpu",
            description = "where tensors live: auto (a GPU when one is visible, else the CPU; the default), cpu or gpu")
    String device;

    /** Applies the option (when given) before any tensor is made; a bad value is an error naming the option. */
    public void apply() {
        if (device != null) {
            System.setProperty(Devices.PROPERTY, DeviceChoice.parse(device, "--device").word());
        }
    }

    /** The JVM option that gives the services this process starts the same choice. */
    List<String> forChildProcesses() {
        return device == null ? List.of() : List.of("-D" + Devices.PROPERTY + "=" + DeviceChoice.parse(device, "--device").word());
    }
}
