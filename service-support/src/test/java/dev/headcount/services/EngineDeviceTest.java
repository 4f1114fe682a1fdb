package dev.headcount.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up decision, on the devices DJL can report. */
class EngineDeviceTest {

    @Test
    void theLineNamesEngineVersionDeviceAndGpuCount() {
        assertEquals("PyTorch 2.7.1 computes on gpu(0) (1 GPU visible)", EngineDevice.describe("PyTorch", "2.7.1", Device.gpu(0), 1));
        assertEquals("PyTorch 2.7.1 computes on cpu() (0 GPUs visible)", EngineDevice.describe("PyTorch", "2.7.1", Device.cpu(), 0));
    }

    @Test
    void aGpuIsRequiredOnlyWhereTheOperatorSaysSo() {
        assertEquals(Optional.empty(), EngineDevice.problem(false, Device.cpu(), 0), "CPU images and laptops");
        assertEquals(Optional.empty(), EngineDevice.problem(true, Device.gpu(0), 1));
        String noGpu = EngineDevice.problem(true, Device.cpu(), 0).orElseThrow();
        assertTrue(noGpu.contains("would compute on cpu(): no GPU visible") && noGpu.contains("libcudart"), noGpu);
        String cpuBuild = EngineDevice.problem(true, Device.cpu(), 2).orElseThrow();
        assertTrue(cpuBuild.contains("2 GPUs visible"), cpuBuild);
    }
}
