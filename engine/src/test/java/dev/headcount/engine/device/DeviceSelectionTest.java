package dev.headcount.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --device auto|cpu|gpu on machines with and without GPUs, and the native library as loaded here. */
class DeviceSelectionTest {

    private static final String LIB = "PyTorch 2.7.1 (CPU build)";

    @Test
    void autoTakesTheFirstGpuWhenOneIsVisible() {
        DeviceSelection s = DeviceSelection.select(DeviceChoice.AUTO, 2, LIB);
        assertEquals(Device.gpu(0), s.device());
        assertEquals(Optional.empty(), s.notice());
    }

    @Test
    void autoFallsBackToTheCpuWithOneLineSayingWhy() {
        DeviceSelection s = DeviceSelection.select(DeviceChoice.AUTO, 0, LIB);
        assertEquals(Device.cpu(), s.device());
        assertEquals(Optional.of("no GPU visible to PyTorch 2.7.1 (CPU build): running on the CPU (--device auto)"), s.notice());
    }

    @Test
    void cpuIsTheCpuEvenWithGpus() {
        assertEquals(Device.cpu(), DeviceSelection.select(DeviceChoice.CPU, 4, LIB).device());
    }

    @Test
    void gpuWithoutOneIsAnErrorNotASilentCpuRun() {
        assertEquals(Device.gpu(0), DeviceSelection.select(DeviceChoice.GPU, 1, LIB).device());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceSelection.select(DeviceChoice.GPU, 0, LIB));
        assertTrue(e.getMessage().startsWith("--device gpu: no GPU is visible to PyTorch 2.7.1 (CPU build)"), e.getMessage());
    }

    @Test
    void choicesParseAndBadOnesNameTheirSource() {
        assertEquals(DeviceChoice.GPU, DeviceChoice.parse(" GPU ", "HEADCOUNT_DEVICE"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("cuda", "HEADCOUNT_DEVICE"));
        assertEquals("HEADCOUNT_DEVICE: unknown device 'cuda'; expected auto, cpu or gpu", e.getMessage());
    }

    @Test
    void theBuildIsReadFromTheFolderDjlNamesAfterIt() {
        assertEquals("CPU build", Devices.flavorOf("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64"));
        assertEquals("CUDA build cu124", Devices.flavorOf("/root/.djl.ai/pytorch/2.7.1-20250812-cu124-linux-x86_64"));
        assertEquals("unknown build", Devices.flavorOf(null));
    }

    @Test
    void thisMachinesManagersLiveOnTheSelectedDevice() {
        // the build ships the CPU library only, so auto falls back here; on a CUDA build with a GPU this is gpu(0)
        Devices.NativeLibrary lib = Devices.nativeLibrary();
        assertTrue(lib.path().isPresent(), lib.toString());
        try (NDManager manager = Devices.newBaseManager(); NDArray a = manager.ones(new ai.djl.ndarray.types.Shape(2))) {
            assertEquals(Devices.current(), a.getDevice());
            assertEquals(ai.djl.engine.Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu(), a.getDevice());
        }
    }
}
